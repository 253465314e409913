import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { MetricContext } from "./context";
import { monthKey, spanOf, type Period } from "./period";
import { inSegment } from "./segment";
import { keyedEvents } from "./keyed-events";
import { firstOrders, liveOrders, liveRefunds, num, percent, periodsRelation, queryRows, ratio, resolvedEvents, perPeriod, within } from "./sql";
import { windowMs, windowSql } from "./windows";

/** Section 5 of metrics.md (and the survey-based metrics of sections 1 and 2). */


/** survey.responded of one kind in each period: count, sum of scores and the NPS/CSAT groups. */
function responses(ctx: MetricContext, periods: readonly Period[], kind: string): SQL {
  const pr = periodsRelation(periods);
  return sql`
    select pr.i, count(r.id) as n, coalesce(sum((r.p->>'score')::numeric), 0) as total,
           count(r.id) filter (where (r.p->>'score')::numeric >= 9) as promoters,
           count(r.id) filter (where (r.p->>'score')::numeric between 7 and 8) as passives,
           count(r.id) filter (where (r.p->>'score')::numeric <= 6) as detractors,
           count(r.id) filter (where (r.p->>'score')::numeric >= 4) as satisfied
    from ${pr} pr
    left join ${resolvedEvents(ctx, ["survey.responded"])} r
      on r.p->>'kind' = ${kind} and r.p ? 'score' and r.ts >= pr.p_from and r.ts < pr.p_to ${inSegment(ctx, sql`r.cid`)}
    group by pr.i`;
}


export async function nps(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, responses(ctx, periods, "nps"), (row) => {
    const n = num(row?.n);
    const group = (count: number) => ({ count, percent: percent(count, n) });
    const [promoters, passives, detractors] = [num(row?.promoters), num(row?.passives), num(row?.detractors)];
    return {
      value: n ? percent(promoters, n)! - percent(detractors, n)! : null,
      breakdown: { responses: n, promoters: group(promoters), passives: group(passives), detractors: group(detractors) },
    };
  });
}

export async function ces(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, responses(ctx, periods, "ces"), (row) => ({ value: ratio(num(row?.total), num(row?.n)), breakdown: { responses: num(row?.n) } }));
}

export async function csat(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, responses(ctx, periods, "csat"), (row) => ({
    value: percent(num(row?.satisfied), num(row?.n)),
    breakdown: { responses: num(row?.n), satisfied: num(row?.satisfied) },
  }));
}

export async function dppFeedbackScore(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, responses(ctx, periods, "dpp_feedback"), (row) => ({ value: ratio(num(row?.total), num(row?.n)), breakdown: { count: num(row?.n) } }));
}

/** Exit-survey answers in the period, counted by reason (a table: value null, rows in the breakdown). */
export async function exitSurveyReasons(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  const rows = await queryRows<{ i: number; reason: string | null; n: string }>(
    ctx,
    sql`select pr.i, r.p->>'reason' as reason, count(*) as n
        from ${pr} pr join ${resolvedEvents(ctx, ["survey.responded"])} r
          on r.p->>'kind' = 'exit' and r.ts >= pr.p_from and r.ts < pr.p_to ${inSegment(ctx, sql`r.cid`)}
        group by pr.i, r.p->>'reason'
        order by count(*) desc, r.p->>'reason'`,
  );
  return periods.map((_, i) => {
    const mine = rows.filter((r) => Number(r.i) === i);
    const total = mine.reduce((s, r) => s + num(r.n), 0);
    return {
      value: null,
      breakdown: { responses: total, rows: mine.map((r) => ({ reason: r.reason ?? "unspecified", count: num(r.n), percent: percent(num(r.n), total) })) },
    };
  });
}

/**
 * Each survey.sent in the period is a case; it is answered by a survey.responded of the same actor
 * and kind at or after the send, within 14 days and before that actor's next send of that kind.
 * A send whose 14 days have not passed by now is pending (left out of both sides).
 */
export async function surveyResponseRate(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  // Sends and responses of the span and its window after it only (index ranges): a send of the span
  // is answered before span end + window, and a later send matters only inside the window of the one
  // before it (a next send after span end + window is as good as none).
  const span = spanOf(periods);
  const reach = { from: span.from, to: new Date(span.to.getTime() + windowMs("surveyResponse")) };
  const rows = await queryRows<{ i: number; kind: string; sent: string; answered: string; pending: string }>(
    ctx,
    sql`with sends as (
          select s.id, s.actor, s.cid, s.ts, s.survey_kind as kind,
                 lead(s.ts) over (partition by s.actor, s.survey_kind order by s.ts, s.id) as next_ts
          from ${keyedEvents(ctx, ["survey.sent"])} s
          where ${within(sql`s.ts`, reach)}
        ), cases as (
          -- A join with the responses, once, rather than a lookup per send (0.7 s on the demo shop).
          select s.id, s.cid, s.ts, s.kind, s.ts + ${windowSql("surveyResponse")} > ${ctx.now.toISOString()}::timestamptz as pending,
                 count(r.ts) > 0 as answered
          from sends s
          left join (select r.actor, r.survey_kind as kind, r.ts from ${keyedEvents(ctx, ["survey.responded"])} r where ${within(sql`r.ts`, reach)}) r
            on r.actor = s.actor and r.kind = s.kind and r.ts >= s.ts
               and r.ts < s.ts + ${windowSql("surveyResponse")} and (s.next_ts is null or r.ts < s.next_ts)
          where true ${inSegment(ctx, sql`s.cid`)}
          group by s.id, s.cid, s.ts, s.kind
        )
        select pr.i, c.kind, count(*) filter (where not c.pending) as sent,
               count(*) filter (where not c.pending and c.answered) as answered, count(*) filter (where c.pending) as pending
        from ${pr} pr join cases c on c.ts >= pr.p_from and c.ts < pr.p_to
        group by pr.i, c.kind order by c.kind`,
  );
  return periods.map((_, i) => {
    const mine = rows.filter((r) => Number(r.i) === i);
    const sum = (f: "sent" | "answered" | "pending") => mine.reduce((s, r) => s + num(r[f]), 0);
    return {
      value: percent(sum("answered"), sum("sent")),
      breakdown: {
        sent: sum("sent"),
        responded: sum("answered"),
        pending: sum("pending"),
        byKind: Object.fromEntries(mine.map((r) => [r.kind, { sent: num(r.sent), responded: num(r.answered), rate: percent(num(r.answered), num(r.sent)), pending: num(r.pending) }])),
      },
    };
  });
}

export interface CohortRow {
  cohort: string;
  size: number;
  customers: number[];
  retention: number[];
  revenuePerCustomer: number[];
}

/**
 * Customers whose first order is in the period, by local month of that order (rows) x calendar months
 * since (columns; 0 is the first month, the last is the month holding the last instant before `to`):
 * members with an order in that month, their share, and the month's net revenue (orders minus refunds
 * in it, up to `to`) per cohort member. Sums, shares and their rounding (half away from zero) are done
 * in SQL numeric: summed and divided as floats, an exact tie such as 1,426.59 / 22 = 64.845 came out
 * as 64.84 (Relay Foods' January 2009 cohort, eighth month).
 */
export async function cohortTable(ctx: MetricContext, period: Period): Promise<CohortRow[]> {
  const tz = ctx.settings.timeZone;
  const to = sql`${period.to.toISOString()}::timestamptz`;
  const cells = await queryRows<{ cohort: string; size: number; month: string | null; buyers: number; retention: string; revenue_per_customer: string }>(
    ctx,
    sql`with members as (
          select f.cid, to_char(f.first_at at time zone ${tz}::text, 'YYYY-MM') as cohort from ${firstOrders(ctx)} f
          where ${within(sql`f.first_at`, period)} ${inSegment(ctx, sql`f.cid`)}
        ),
        sizes as (select cohort, count(*)::int as size from members group by cohort),
        activity as (
          select o.cid, o.placed_at as at, o.total as amount, true as is_order from ${liveOrders(ctx)} o
          where o.cid in (select cid from members) and o.placed_at < ${to}
          union all
          select r.cid, r.refunded_at, -r.amount, false from ${liveRefunds(ctx)} r
          where r.cid in (select cid from members) and r.refunded_at < ${to}
        ),
        months as (
          select m.cohort, to_char(a.at at time zone ${tz}::text, 'YYYY-MM') as month,
                 count(distinct a.cid) filter (where a.is_order)::int as buyers, coalesce(sum(a.amount), 0) as revenue
          from members m join activity a on a.cid = m.cid
          group by 1, 2
        )
        select s.cohort, s.size, c.month, coalesce(c.buyers, 0)::int as buyers,
               round(coalesce(c.buyers, 0)::numeric / s.size, 4)::text as retention,
               round(coalesce(c.revenue, 0) / s.size, 2)::text as revenue_per_customer
        from sizes s left join months c on c.cohort = s.cohort
        order by s.cohort`,
  );
  const lastMonth = monthKey(new Date(period.to.getTime() - 1), tz);
  const monthIndex = (key: string) => {
    const [y, m] = key.split("-").map(Number) as [number, number];
    return y * 12 + m;
  };
  const rows = new Map<string, CohortRow>();
  for (const cell of cells) {
    let row = rows.get(cell.cohort);
    if (!row) {
      const columns = monthIndex(lastMonth) - monthIndex(cell.cohort) + 1;
      row = { cohort: cell.cohort, size: num(cell.size), customers: Array(columns).fill(0), retention: Array(columns).fill(0), revenuePerCustomer: Array(columns).fill(0) };
      rows.set(cell.cohort, row);
    }
    // A refund stamped before its order's month (kept until the order came) has no column of its own.
    const k = cell.month === null ? -1 : monthIndex(cell.month) - monthIndex(cell.cohort);
    if (k < 0 || k >= row.customers.length) continue;
    row.customers[k] = num(cell.buyers);
    row.retention[k] = Number(cell.retention);
    row.revenuePerCustomer[k] = Number(cell.revenue_per_customer) || 0; // no -0 from a month whose refunds cancel out
  }
  return [...rows.values()];
}

export async function cohortRetention(ctx: MetricContext, periods: readonly Period[]) {
  return Promise.all(periods.map(async (p) => ({ value: null, breakdown: { rows: await cohortTable(ctx, p) } })));
}

export interface SurveyComment {
  id: number;
  kind: string;
  score: number | null;
  reason: string | null;
  comment: string;
  customerId: string | null;
  respondedAt: Date;
}

/**
 * The newest survey answers with a comment in the period (the voice-of-the-customer page), read
 * like the scores above: resolved customers, the segment applied, anonymous answers outside any segment.
 */
export async function latestComments(ctx: MetricContext, period: Period, limit: number): Promise<SurveyComment[]> {
  const rows = await queryRows<{ id: string; kind: string | null; score: string | null; reason: string | null; comment: string; cid: string | null; ts: Date | string }>(
    ctx,
    sql`select r.id, r.p->>'kind' as kind, r.p->>'score' as score, r.p->>'reason' as reason, r.p->>'comment' as comment, r.cid, r.ts
        from ${resolvedEvents(ctx, ["survey.responded"])} r
        where ${within(sql`r.ts`, period)} and coalesce(btrim(r.p->>'comment'), '') <> '' ${inSegment(ctx, sql`r.cid`)}
        order by r.ts desc, r.id desc
        limit ${limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind ?? "unknown",
    score: r.score === null || r.score === "" || Number.isNaN(Number(r.score)) ? null : Number(r.score),
    reason: r.reason,
    comment: r.comment,
    customerId: r.cid,
    respondedAt: new Date(r.ts),
  }));
}
