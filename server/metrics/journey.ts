import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { activeCustomerCounts } from "./base";
import type { MetricContext } from "./context";
import type { Period } from "./period";
import { inSegment } from "./segment";
import { firstOrders, num, numOrNull, percent, periodsRelation, resolvedEvents, perPeriod } from "./sql";
import { windowSql } from "./windows";

/** Section 6 of metrics.md: journey stages. */



/**
 * New customers of the period with onboarding.call_booked within 14 days after their first order /
 * new customers; those whose 14 days have not passed by now are pending.
 */
export async function welcomeCallBookingRate(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  const now = ctx.now.toISOString();
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i,
          count(f.cid) filter (where f.first_at + ${windowSql("onboardingCall")} <= ${now}::timestamptz) as cases,
          count(f.cid) filter (where f.first_at + ${windowSql("onboardingCall")} > ${now}::timestamptz) as pending,
          count(f.cid) filter (where f.first_at + ${windowSql("onboardingCall")} <= ${now}::timestamptz and f.booked) as booked
        from ${pr} pr
        left join (
          -- Each first order tagged once by a join with the bookings (a lookup per customer and period was 0.5 s).
          select fo.cid, fo.first_at, count(b.ts) > 0 as booked
          from ${firstOrders(ctx)} fo
          left join ${resolvedEvents(ctx, ["onboarding.call_booked"])} b on b.cid = fo.cid and b.ts >= fo.first_at and b.ts < fo.first_at + ${windowSql("onboardingCall")}
          group by fo.cid, fo.first_at
        ) f on f.first_at >= pr.p_from and f.first_at < pr.p_to ${inSegment(ctx, sql`f.cid`)}
        group by pr.i`,
    (row) => ({ value: percent(num(row?.booked), num(row?.cases)), breakdown: { newCustomers: num(row?.cases), booked: num(row?.booked), pending: num(row?.pending) } }),
  );
}

/**
 * Median hours from the opening event (the first of its id) to the first answering event of the same
 * id at or after it, over the cases opened in the period; unanswered cases are counted aside.
 */
function medianHours(ctx: MetricContext, periods: readonly Period[], open: string, answer: string, idKey: string): SQL {
  const pr = periodsRelation(periods);
  // A literal, not a parameter: "distinct on" must match "order by" textually. Our own constant.
  if (!/^\w+$/.test(idKey)) throw new Error(`bad id key ${idKey}`);
  const key = sql.raw(`'${idKey}'`);
  return sql`
    with opened as (
      select distinct on (o.p->>${key}) o.p->>${key} as case_id, o.ts, o.cid
      from ${resolvedEvents(ctx, [open])} o order by o.p->>${key}, o.ts, o.id
    ), cases as (
      -- Joined with the answers once; a lookup per case re-read them for every case (2 s on the demo shop).
      select c.case_id, c.ts, c.cid, min(a.ts) as answered_at
      from opened c
      left join (select a.p->>${key} as case_id, a.ts from ${resolvedEvents(ctx, [answer])} a) a on a.case_id = c.case_id and a.ts >= c.ts
      where true ${inSegment(ctx, sql`c.cid`)}
      group by c.case_id, c.ts, c.cid
    )
    select pr.i,
           percentile_cont(0.5) within group (order by extract(epoch from (c.answered_at - c.ts)) / 3600)
             filter (where c.answered_at is not null) as median,
           count(c.case_id) filter (where c.answered_at is not null) as answered,
           count(c.case_id) filter (where c.answered_at is null) as unanswered
    from ${pr} pr left join cases c on c.ts >= pr.p_from and c.ts < pr.p_to
    group by pr.i`;
}

export async function requestResponseHours(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, medianHours(ctx, periods, "request.created", "request.responded", "requestId"), (row) => ({
    value: numOrNull(row?.median),
    breakdown: { answered: num(row?.answered), unanswered: num(row?.unanswered) },
  }));
}

export async function deliverableReviewHours(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, medianHours(ctx, periods, "deliverable.shared", "deliverable.reviewed", "deliverableId"), (row) => ({
    value: numOrNull(row?.median),
    breakdown: { reviewed: num(row?.answered), unreviewed: num(row?.unanswered) },
  }));
}

/** portal.login by customers in P / customers active in P / weeks in P (days / 7). */
export async function portalLoginsPerWeek(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i,
          (select count(*) from ${resolvedEvents(ctx, ["portal.login"])} l
           where l.cid is not null and l.ts >= pr.p_from and l.ts < pr.p_to ${inSegment(ctx, sql`l.cid`)}) as logins,
          coalesce(ac.active, 0) as active
        from ${pr} pr left join ${activeCustomerCounts(ctx, periods)} ac on ac.i = pr.i`,
    (row) => {
      const i = Number(row?.i ?? 0);
      const period = periods[i]!;
      const weeks = (period.to.getTime() - period.from.getTime()) / (7 * 86_400_000);
      const active = num(row?.active);
      return { value: active ? num(row?.logins) / active / weeks : null, breakdown: { logins: num(row?.logins), activeCustomers: active, weeks } };
    },
  );
}
