/**
 * metrics.md section 6 "Journey stages", written from the spec alone (see dataset.ts).
 * `repeat_service_rate` and `referral_rate` are defined in sections 4 and 1 and live with those authors.
 */
import { DAY, type Dataset, type Ev, followCases, HOUR, inSpan, median, type OracleSection, ratio, type Span } from "./dataset";

const WEEK = 7 * DAY;
const WELCOME_CALL_WINDOW = 14 * DAY;

/** The first event of each id (events are sorted by time then arrival, so the first seen is the earliest). */
function firstById(events: Ev[], idKey: string): Map<string, Ev> {
  const out = new Map<string, Ev>();
  for (const e of events) {
    const id = e.props[idKey];
    if (id === undefined || id === null) continue;
    if (!out.has(String(id))) out.set(String(id), e);
  }
  return out;
}

/**
 * "median hours from <open> to the first <answer> of that <id>, <opened> in P" and metrics.md "Medians":
 * percentile_cont(0.5) from the first opening event to the first answering event, over answered cases;
 * unanswered ones are counted in the breakdown. An answer before the opening does not answer it
 * (catalog: "the first ... at or after it").
 */
function openToAnswer(data: Dataset, p: Span, openType: string, answerType: string, idKey: string) {
  // A case gathers events of several actors (the customer opens, the merchant answers, under one id):
  // seen through a segment, cases are built on the whole data and kept when their opener is a member,
  // so that a segment picks cases without changing their outcome.
  const full = data.source ?? data;
  const owned = (e: Ev) => !data.members || (e.customer !== null && data.members.has(e.customer));
  const opened = [...firstById(full.ofType(openType), idKey).entries()].filter(([, e]) => inSpan(e.at, p) && owned(e));
  const answers = full.ofType(answerType);
  const hours: number[] = [];
  let unanswered = 0;
  for (const [id, open] of opened) {
    const answer = answers.find((a) => String(a.props[idKey]) === id && a.at >= open.at);
    if (answer) hours.push((answer.at - open.at) / HOUR);
    else unanswered++;
  }
  return { hours, answered: hours.length, unanswered, opened: opened.length };
}

/**
 * welcome_call_booking_rate: "New in P with onboarding.call_booked within 14 days after their first order / New in P".
 * Outcome window 14 d: a new customer whose 14 days have not ended at `now` is pending, out of both sides.
 * "Within 14 days after" read as [first order, first order + 14 d).
 */
function welcomeCalls(data: Dataset, p: Span) {
  const newCustomers = new Map<string, number>();
  for (const o of data.orders) {
    if (o.customer === null) continue;
    const first = data.firstOrder(o.customer)!;
    if (inSpan(first.at, p)) newCustomers.set(o.customer, first.at);
  }
  const calls = data.ofType("onboarding.call_booked");
  return followCases(newCustomers, WELCOME_CALL_WINDOW, data.now, (customer, firstAt, end) => calls.some((c) => c.customer === customer && c.at >= firstAt && c.at < end));
}

/** portal_logins_per_week: "portal.login in P / customers active in P / weeks in P" (identified customers only). */
function portalLogins(data: Dataset, p: Span) {
  const logins = data.inPeriod("portal.login", p).filter((e) => e.customer !== null).length;
  const active = data.active(p).size;
  const weeks = (p.to - p.from) / WEEK;
  return { logins, active, weeks };
}

export const JOURNEY_ORACLE: OracleSection = {
  values: {
    welcome_call_booking_rate: (data, p) => {
      const w = welcomeCalls(data, p);
      return ratio(w.hits, w.decided, 100);
    },
    request_response_hours: (data, p) => median(openToAnswer(data, p, "request.created", "request.responded", "requestId").hours),
    portal_logins_per_week: (data, p) => {
      const l = portalLogins(data, p);
      return l.active === 0 ? null : l.logins / l.active / l.weeks;
    },
    deliverable_review_hours: (data, p) =>
      median(openToAnswer(data, p, "deliverable.shared", "deliverable.reviewed", "deliverableId").hours),
  },
  breakdowns: {
    welcome_call_booking_rate: (data, p) => {
      const w = welcomeCalls(data, p);
      return { newCustomers: w.decided, booked: w.hits, pending: w.pending };
    },
    request_response_hours: (data, p) => {
      const r = openToAnswer(data, p, "request.created", "request.responded", "requestId");
      return { answered: r.answered, unanswered: r.unanswered };
    },
    portal_logins_per_week: (data, p) => {
      const l = portalLogins(data, p);
      return { logins: l.logins, activeCustomers: l.active, weeks: Math.round(l.weeks * 1e4) / 1e4 };
    },
    deliverable_review_hours: (data, p) => {
      const r = openToAnswer(data, p, "deliverable.shared", "deliverable.reviewed", "deliverableId");
      return { reviewed: r.answered, unreviewed: r.unanswered };
    },
  },
};
