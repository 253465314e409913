/**
 * metrics.md section 5, "Relationship and voice of the customer", read from the spec alone.
 * Survey responses count whoever sent them (anonymous ones included): the definitions name responses, not customers.
 */
import { DAY, type Dataset, type Ev, type OracleSection, type Span, ratio } from "./dataset";

const RESPONSE_WINDOW = 14 * DAY;

/** `survey.responded` of one kind in P that carry a score. */
const scores = (data: Dataset, p: Span, kind: string): number[] =>
  data
    .inPeriod("survey.responded", p)
    .filter((e) => e.props.kind === kind && e.props.score !== undefined && e.props.score !== null)
    .map((e) => Number(e.props.score));

/** NPS groups: promoters 9-10, detractors 0-6, passives the rest (7-8). */
function npsGroups(data: Dataset, p: Span) {
  const s = scores(data, p, "nps");
  const promoters = s.filter((x) => x >= 9).length;
  const detractors = s.filter((x) => x <= 6).length;
  return { total: s.length, promoters, passives: s.length - promoters - detractors, detractors };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * survey_response_rate: "`survey.sent` in P (each send a case) followed by a `survey.responded` of the same
 * actor and kind within 14 days and before that actor's next send of that kind / sends in P". The response
 * window is [send, send + 14 d) and also ends (excluded) at the actor's next send of that kind. A send whose
 * 14 days have not passed at `now` is pending (metrics.md "Outcome windows": "survey response 14 d").
 * Any response of the kind answers, with or without a score (an `exit` answer may carry none), whatever its
 * `surveyId`. Two sends of one actor and kind at one instant: the first's window is empty (next send at once).
 */
interface SendCase {
  kind: string;
  pending: boolean;
  answered: boolean;
}

function sendCases(data: Dataset, p: Span): SendCase[] {
  const sends = data.ofType("survey.sent");
  const responses = data.ofType("survey.responded");
  const sameThread = (a: Ev, b: Ev) => a.actor === b.actor && String(a.props.kind) === String(b.props.kind);
  return sends
    .filter((s) => s.at >= p.from && s.at < p.to)
    .map((s) => {
      // data.events is sorted by time then arrival: the next send is the next one of that actor and kind in that order.
      const next = sends.find((n) => sameThread(n, s) && (n.at > s.at || (n.at === s.at && n.seq > s.seq)));
      const end = Math.min(s.at + RESPONSE_WINDOW, next ? next.at : Infinity);
      const answered = responses.some((r) => sameThread(r, s) && r.at >= s.at && r.at < end);
      return { kind: String(s.props.kind), pending: s.at + RESPONSE_WINDOW > data.now, answered };
    });
}

function responseRate(cases: SendCase[]) {
  const decided = cases.filter((c) => !c.pending);
  return {
    sent: cases.length,
    pending: cases.length - decided.length,
    decided: decided.length,
    answered: decided.filter((c) => c.answered).length,
    rate: ratio(decided.filter((c) => c.answered).length, decided.length, 100),
  };
}

// ---- cohort_retention ----------------------------------------------------------------------------

/** Months are cut in the organisation's zone: a month index counted from year 0. */
const monthIndex = (data: Dataset, at: number) => {
  const [y, m] = data.localMonth(at).split("-").map(Number) as [number, number];
  return y * 12 + m - 1;
};
const monthLabel = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;

interface CohortCell {
  month: number;
  customers: number;
  share: number;
  revenuePerCustomer: number;
}
interface CohortRow {
  cohort: string;
  size: number;
  cells: CohortCell[];
}

/**
 * "customers whose first order is in P, by month of first order (rows) x calendar months since (columns,
 * 0 = the first month, up to the month that contains the last instant before `to`): count and share with an
 * order in that month; net revenue in that month per cohort customer". Net revenue in a month: totals of
 * the cohort customers' orders placed in it minus the refunds of their orders made in it (metrics.md
 * "Orders": a refund counts in the period of the refund), both before `to`.
 */
function cohorts(data: Dataset, p: Span): CohortRow[] {
  const newInP = new Map<string, number>(); // customer -> month of first order
  for (const c of data.purchasers(Infinity)) {
    const first = data.firstOrder(c)!;
    if (first.at >= p.from && first.at < p.to) newInP.set(c, monthIndex(data, first.at));
  }
  const lastMonth = monthIndex(data, p.to - 1);
  const rows = [...new Set(newInP.values())].sort((a, b) => a - b);
  return rows.map((cohortMonth) => {
    const members = [...newInP].filter(([, m]) => m === cohortMonth).map(([c]) => c);
    const orders = data.orders.filter((o) => o.customer !== null && members.includes(o.customer));
    const inMonth = (at: number, m: number) => at < p.to && monthIndex(data, at) === m;
    const cells: CohortCell[] = [];
    for (let m = cohortMonth; m <= lastMonth; m++) {
      const ordered = new Set(orders.filter((o) => inMonth(o.at, m)).map((o) => o.customer));
      let revenue = 0;
      for (const o of orders) {
        if (o.total === null) continue; // its currency has no rate: left out of money sums
        if (inMonth(o.at, m)) revenue += o.total;
        // "a refund counts in the period of the refund": by its own instant, even when its order is
        // stamped later (events.md: "A refund that arrives before its order is kept and applied").
        for (const r of o.refunds) if (inMonth(r.at, m)) revenue -= r.amount!;
      }
      cells.push({ month: m - cohortMonth, customers: ordered.size, share: ordered.size / members.length, revenuePerCustomer: revenue / members.length });
    }
    return { cohort: monthLabel(cohortMonth), size: members.length, cells };
  });
}

/**
 * The catalog's documented presentation: "their share as a fraction (0-1, 4 decimals), and that month's net
 * revenue ... per cohort customer (2 decimals)". Half away from zero (SQL numeric round); the epsilon absorbs
 * binary noise such as 26.525 * 100 = 2652.4999...
 */
const roundTo = (x: number, digits: number) => {
  const f = 10 ** digits;
  return (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-7)) / f;
};

export const VOICE_ORACLE: OracleSection = {
  values: {
    // "% promoters (9-10) - % detractors (0-6) of `nps` responses in P, -100..100"
    nps: (data, p) => {
      const g = npsGroups(data, p);
      return ratio(g.promoters - g.detractors, g.total, 100);
    },
    // "mean `ces` score in P, 1-7"
    ces: (data, p) => mean(scores(data, p, "ces")),
    // "`csat` responses of 4 or 5 / `csat` responses in P"
    csat: (data, p) => {
      const s = scores(data, p, "csat");
      return ratio(s.filter((x) => x >= 4).length, s.length, 100);
    },
    // "pooled over kinds"
    survey_response_rate: (data, p) => responseRate(sendCases(data, p)).rate,
  },
  breakdowns: {
    nps: (data, p) => {
      const g = npsGroups(data, p);
      const out: Record<string, number | null> = { responses: g.total };
      for (const group of ["promoters", "passives", "detractors"] as const) {
        out[`${group}.count`] = g[group];
        out[`${group}.percent`] = ratio(g[group], g.total, 100);
      }
      return out;
    },
    ces: (data, p) => ({ responses: scores(data, p, "ces").length }),
    csat: (data, p) => {
      const s = scores(data, p, "csat");
      return { responses: s.length, satisfied: s.filter((x) => x >= 4).length };
    },
    survey_response_rate: (data, p) => {
      const cases = sendCases(data, p);
      const all = responseRate(cases);
      const out: Record<string, number | null> = { sent: all.decided, responded: all.answered, pending: all.pending };
      for (const kind of new Set(cases.map((c) => c.kind))) {
        const k = responseRate(cases.filter((c) => c.kind === kind));
        out[`byKind.${kind}.sent`] = k.decided;
        out[`byKind.${kind}.responded`] = k.answered;
        out[`byKind.${kind}.pending`] = k.pending;
        out[`byKind.${kind}.rate`] = k.rate;
      }
      return out;
    },
    cohort_retention: (data, p) => {
      const out: Record<string, number | string | null> = {};
      const rows = cohorts(data, p);
      rows.forEach((row, i) => {
        out[`rows.${i}.cohort`] = row.cohort;
        out[`rows.${i}.size`] = row.size;
        row.cells.forEach((c, j) => {
          out[`rows.${i}.customers.${j}`] = c.customers;
          out[`rows.${i}.retention.${j}`] = roundTo(c.share, 4);
          out[`rows.${i}.revenuePerCustomer.${j}`] = roundTo(c.revenuePerCustomer, 2);
        });
        // No column past the month holding the last instant before `to`.
        out[`rows.${i}.customers.${row.cells.length}`] = null;
      });
      // No cohort row beyond those of P.
      out[`rows.${rows.length}`] = null;
      return out;
    },
  },
};
