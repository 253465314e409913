/**
 * metrics.md section 7 "Industry frameworks", written from the spec alone (see dataset.ts).
 */
import { addDays, DAY, type Dataset, type Ev, followCases, inSpan, type OracleSection, ratio, type Span } from "./dataset";

const TRIAL_WINDOW = 30 * DAY;
const DOSE_WINDOW = DAY;

/**
 * trial_to_paid_rate: "customers with trial.started in P who had a subscription.started with mrr > 0 within
 * 30 days / customers with trial.started in P". Identified customers only; the case opens at the customer's
 * first trial.started in P and is followed for [start, start + 30 d) even past `to`; it is pending while
 * that window has not ended at `now` (out of both sides).
 */
function trials(data: Dataset, p: Span) {
  const firstTrial = new Map<string, number>();
  for (const e of data.inPeriod("trial.started", p)) {
    if (e.customer !== null && !firstTrial.has(e.customer)) firstTrial.set(e.customer, e.at);
  }
  const paid = data.ofType("subscription.started").filter((e) => Number(e.props.mrr) > 0);
  return followCases(firstTrial, TRIAL_WINDOW, data.now, (customer, at, end) => paid.some((s) => s.customer === customer && s.at >= at && s.at < end));
}

/** The organisation's local days (YYYY-MM-DD) that P touches. */
function daysOf(data: Dataset, p: Span): string[] {
  const out: string[] = [];
  const last = data.localDate(p.to - 1);
  for (let d = data.localDate(p.from); d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * dau / wau / mau: "mean over the days d of P of distinct customers active in the 1 (7, 30) days ending with
 * day d, d included". Days are the organisation's local days ("Days ... are cut in that zone"). Catalog
 * choices: the days the period touches; the window looks back before `from`; activity at or after `to` is
 * never counted.
 */
function meanActive(data: Dataset, p: Span, windowDays: number): number | null {
  const days = daysOf(data, p);
  if (!days.length) return null;
  // Activity as data.active() reads it (a cancelled order's order.placed is none: "treated as never placed").
  const activity = data.events
    .filter((e) => e.customer !== null && data.isActivity(e) && e.at < p.to)
    .map((e) => ({ customer: e.customer!, day: data.localDate(e.at) }));
  let sum = 0;
  for (const d of days) {
    const first = addDays(d, -(windowDays - 1));
    sum += new Set(activity.filter((e) => e.day >= first && e.day <= d).map((e) => e.customer)).size;
  }
  return sum / days.length;
}

const customersWith = (events: Ev[]) => new Set(events.filter((e) => e.customer !== null).map((e) => e.customer!));

/** feature_adoption_rate: customers with any feature.used in P / customers active in P; per `feature` likewise. */
function featureAdoption(data: Dataset, p: Span) {
  const active = data.active(p);
  const uses = data.inPeriod("feature.used", p);
  const byFeature = new Map<string, Ev[]>();
  for (const e of uses) {
    const f = String(e.props.feature);
    byFeature.set(f, [...(byFeature.get(f) ?? []), e]);
  }
  return {
    rate: ratio(customersWith(uses).size, active.size, 100),
    byFeature: new Map([...byFeature].map(([f, evs]) => [f, { customers: customersWith(evs).size, rate: ratio(customersWith(evs).size, active.size, 100) }])),
    users: customersWith(uses).size,
    active: active.size,
  };
}

/**
 * medication_adherence: "doseIds scheduled in P (by the medication.dose_scheduled timestamp) that were taken
 * within 24 h / doseIds scheduled in P". A dose is timed by its first dose_scheduled (catalog); taken in
 * [scheduled, scheduled + 24 h); pending while that window has not ended at `now`.
 */
function doses(data: Dataset, p: Span) {
  // A dose gathers the merchant's schedule and the patient's intake under one doseId: seen through a
  // segment, doses are built on the whole data and kept when their first dose_scheduled is a member's.
  const full = data.source ?? data;
  const owned = (e: Ev) => !data.members || (e.customer !== null && data.members.has(e.customer));
  const scheduled = new Map<string, number>();
  const first = new Map<string, Ev>();
  for (const e of full.ofType("medication.dose_scheduled")) {
    const id = String(e.props.doseId);
    if (!first.has(id)) first.set(id, e);
  }
  for (const [id, e] of first) if (owned(e)) scheduled.set(id, e.at);
  const taken = full.ofType("medication.dose_taken");
  const inPeriod = [...scheduled].filter(([, at]) => inSpan(at, p));
  return followCases(inPeriod, DOSE_WINDOW, data.now, (id, at, end) => taken.some((t) => String(t.props.doseId) === id && t.at >= at && t.at < end));
}

/** appointment_adherence: distinct appointmentIds attended in P / those attended or missed in P. */
function appointments(data: Dataset, p: Span) {
  const ids = (type: string) => new Set(data.inPeriod(type, p).map((e) => String(e.props.appointmentId)));
  const attended = ids("appointment.attended");
  const all = new Set([...attended, ...ids("appointment.missed")]);
  return { attended: attended.size, all: all.size };
}

/**
 * avg_watch_minutes: "sum of durationSeconds / 60 of content.engaged with contentType = video in P / distinct
 * viewers (actors, anonymous included)"; an event without a duration adds 0 but makes a viewer (catalog).
 */
function watch(data: Dataset, p: Span) {
  const views = data.inPeriod("content.engaged", p).filter((e) => e.props.contentType === "video");
  const minutes = views.reduce((s, e) => s + (e.props.durationSeconds === undefined ? 0 : Number(e.props.durationSeconds)) / 60, 0);
  return { minutes, viewers: new Set(views.map((e) => e.actor)).size };
}

export const INDUSTRY_ORACLE: OracleSection = {
  values: {
    trial_to_paid_rate: (data, p) => {
      const t = trials(data, p);
      return ratio(t.hits, t.decided, 100);
    },
    dau: (data, p) => meanActive(data, p, 1),
    wau: (data, p) => meanActive(data, p, 7),
    mau: (data, p) => meanActive(data, p, 30),
    feature_adoption_rate: (data, p) => featureAdoption(data, p).rate,
    avg_watch_minutes: (data, p) => {
      const w = watch(data, p);
      return ratio(w.minutes, w.viewers);
    },
    content_shares: (data, p) => data.inPeriod("content.shared", p).length,
    content_comments: (data, p) => data.inPeriod("content.commented", p).length,
    appointment_adherence: (data, p) => {
      const a = appointments(data, p);
      return ratio(a.attended, a.all, 100);
    },
    medication_adherence: (data, p) => {
      const d = doses(data, p);
      return ratio(d.hits, d.decided, 100);
    },
    patient_portal_usage: (data, p) => ratio(customersWith(data.inPeriod("portal.login", p)).size, data.active(p).size, 100),
  },
  breakdowns: {
    trial_to_paid_rate: (data, p) => {
      const t = trials(data, p);
      return { trials: t.decided, paid: t.hits, pending: t.pending };
    },
    dau: (data, p) => ({ days: daysOf(data, p).length }),
    wau: (data, p) => ({ days: daysOf(data, p).length }),
    mau: (data, p) => ({ days: daysOf(data, p).length }),
    feature_adoption_rate: (data, p) => {
      const f = featureAdoption(data, p);
      const out: Record<string, number | null> = { users: f.users, activeCustomers: f.active };
      // Features used by anonymous actors only have no row (nobody identified used them).
      for (const [feature, v] of f.byFeature) if (v.customers > 0) {
        out[`byFeature.${feature}.customers`] = v.customers;
        out[`byFeature.${feature}.rate`] = v.rate;
      }
      return out;
    },
    avg_watch_minutes: (data, p) => {
      const w = watch(data, p);
      return { minutes: w.minutes, viewers: w.viewers };
    },
    appointment_adherence: (data, p) => {
      const a = appointments(data, p);
      return { attended: a.attended, appointments: a.all };
    },
    medication_adherence: (data, p) => {
      const d = doses(data, p);
      return { scheduled: d.decided, taken: d.hits, pending: d.pending };
    },
    patient_portal_usage: (data, p) => ({
      users: customersWith(data.inPeriod("portal.login", p)).size,
      activeCustomers: data.active(p).size,
    }),
  },
};
