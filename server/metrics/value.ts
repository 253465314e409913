import "server-only";
import { sql } from "drizzle-orm";
import { firstOrderTimes } from "./activity";
import { customerBaseOf, inBaseOf } from "./base";
import type { MetricContext } from "./context";
import { spanOf, type Period } from "./period";
import { firstEventPerCustomer, keyedEvents, POINTS_TYPES } from "./keyed-events";
import { inSegment } from "./segment";
import { aliveParts, mrrAt } from "./subscriptions";
import { byPeriod, firstOrders, HASHED, liveOrders, liveRefunds, num, percent, periodsRelation, queryRows, type PeriodRow, ratio, perPeriod, pointsByPeriod } from "./sql";
import { hasPeriod, masksOf, noPeriod, periodBit } from "./period-masks";

/** Section 4 of metrics.md: value and loyalty. */



/**
 * Orders placed in each period: count, converted total, customers, and orders without a rate.
 *
 * Customers are counted without `count(distinct)`: a customer is counted at their first order in the
 * period, an order whose previous order (of the orders read) is before the period's start or absent.
 * Only orders of the periods' span are read, and that is enough: a previous order outside the span is
 * before every period's start. The distinct count sorted every (period, order) pair: a year-long
 * window per day of a series (simple CLV) pairs each order with every day.
 */
function orderTotals(ctx: MetricContext, periods: readonly Period[]): Promise<PeriodRow[]> {
  const pr = periodsRelation(periods);
  return queryRows<PeriodRow>(ctx, sql`
    select pr.i,
           count(o.order_id) as orders,
           count(o.order_id) filter (where o.total is not null) as priced,
           coalesce(sum(o.total), 0) as gross,
           count(o.order_id) filter (where o.total is null) as unconverted,
           count(o.order_id) filter (where o.cid is not null) as customer_orders,
           count(o.order_id) filter (where o.cid is not null and (o.previous_at is null or o.previous_at < pr.p_from)) as customers
    from ${pr} pr
    left join (
      select lo.*, lag(lo.placed_at) over (partition by lo.cid order by lo.placed_at, lo.event_id) as previous_at
      from ${liveOrders(ctx, spanOf(periods))} lo
    ) o on o.placed_at >= pr.p_from and o.placed_at < pr.p_to ${inSegment(ctx, sql`o.cid`)}
    group by pr.i`, HASHED);
}

export async function revenue(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  const refunds = byPeriod(
    await queryRows<PeriodRow>(
      ctx,
      sql`select pr.i, coalesce(sum(r.amount), 0) as refunds, count(r.order_id) filter (where r.amount is null) as unconverted
          from ${pr} pr left join ${liveRefunds(ctx, spanOf(periods))} r on r.refunded_at >= pr.p_from and r.refunded_at < pr.p_to ${inSegment(ctx, sql`r.cid`)}
          group by pr.i`,
    ),
  );
  return pointsByPeriod(periods, await orderTotals(ctx, periods), (row) => {
    const refund = refunds.get(Number(row?.i ?? -1));
    const gross = num(row?.gross);
    const refunded = num(refund?.refunds);
    // events.md: the dashboard says how many such *orders* there are; the refunds left out are counted apart.
    return { value: gross - refunded, breakdown: { gross, refunds: refunded, unconverted: num(row?.unconverted), unconvertedRefunds: num(refund?.unconverted) } };
  });
}

export async function orders(ctx: MetricContext, periods: readonly Period[]) {
  return pointsByPeriod(periods, await orderTotals(ctx, periods), (row) => ({ value: num(row?.orders) }));
}

export async function aov(ctx: MetricContext, periods: readonly Period[]) {
  return pointsByPeriod(periods, await orderTotals(ctx, periods), (row) => ({
    value: ratio(num(row?.gross), num(row?.priced)),
    breakdown: { orders: num(row?.priced), unconverted: num(row?.unconverted) },
  }));
}

export async function purchaseFrequency(ctx: MetricContext, periods: readonly Period[]) {
  return pointsByPeriod(periods, await orderTotals(ctx, periods), (row) => ({
    value: ratio(num(row?.customer_orders), num(row?.customers)),
    breakdown: { orders: num(row?.customer_orders), customers: num(row?.customers) },
  }));
}

export async function newCustomers(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  const firsts = await firstOrderTimes(ctx);
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i, count(f.cid) as n from ${pr} pr
        left join ${firsts} f on f.first_at >= pr.p_from and f.first_at < pr.p_to ${inSegment(ctx, sql`f.cid`)}
        group by pr.i`,
    (row) => ({ value: num(row?.n) }),
  );
}

/**
 * Per period: customers with an order in it (buyers), those of them with at least two orders before
 * `to` (repeaters) and those with at least two orders in it (returned).
 *
 * Each live order knows the customer's order before and after it and how many came before it (by
 * time, ties by arrival). A buyer is counted at their first order in the period, the one whose
 * previous order is older than its start; they repeat if an order came before it or the next one is
 * still in the period, and returned if the next one is. One pass over the orders joined to the
 * periods, where grouping every customer's orders again for each period cost 32 aggregations of the
 * whole order history for a daily series.
 */
function buyerCounts(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  return sql`
    select pr.i,
           count(*) as buyers,
           count(*) filter (where o.earlier > 0 or o.next_at < pr.p_to) as repeaters,
           count(*) filter (where o.next_at < pr.p_to) as returned
    from ${pr} pr
    join (
      select lo.cid, lo.placed_at,
             lag(lo.placed_at) over customer_orders as previous_at,
             lead(lo.placed_at) over customer_orders as next_at,
             row_number() over customer_orders - 1 as earlier
      from ${liveOrders(ctx)} lo
      where lo.cid is not null ${inSegment(ctx, sql`lo.cid`)}
      window customer_orders as (partition by lo.cid order by lo.placed_at, lo.event_id)
    ) o on o.placed_at >= pr.p_from and o.placed_at < pr.p_to and (o.previous_at is null or o.previous_at < pr.p_from)
    group by pr.i`;
}

export async function repeatPurchaseRate(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, buyerCounts(ctx, periods), (row) => ({
    value: percent(num(row?.repeaters), num(row?.buyers)),
    breakdown: { customers: num(row?.buyers), repeat: num(row?.repeaters) },
  }));
}

export async function repeatServiceRate(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, buyerCounts(ctx, periods), (row) => ({
    value: percent(num(row?.returned), num(row?.buyers)),
    breakdown: { customers: num(row?.buyers), returned: num(row?.returned) },
  }));
}

/**
 * Customers alive at `from`, and of them those still alive at `to`: rows (i, start, kept).
 *
 * Each customer's periods alive at the start and at the end as two masks (period-masks.ts), from the
 * pairs as they come (a customer with three orders in the window is three pairs), counted here. As two
 * de-duplicated pair sets joined on (period, customer), a daily series sorted or hashed 27,000 pairs
 * three times on the demo shop.
 */
async function retentionCounts(ctx: MetricContext, periods: readonly Period[]): Promise<PeriodRow[]> {
  // From the orders, not customer_activity_spans.ordered as the customer base does: here the spans were no
  // faster (one overlap test per customer, period and end against a join of the orders in the windows; measured at 1M events).
  const atStart = aliveParts(ctx, sql`periods`, "p_from");
  const atEnd = aliveParts(ctx, sql`periods`, "p_to");
  const bit = periodBit(periods, sql`a.i`);
  // One `with` serves both: the CTEs do not depend on the point.
  const [row] = await queryRows<{ starts: string; ends: string }>(
    ctx,
    sql`${atStart.ctes}, periods as ${periodsRelation(periods)},
        marks as (
          select a.cid, bit_or(${bit}) filter (where a.at_start) as at_start, bit_or(${bit}) filter (where not a.at_start) as at_end
          from (select i, cid, true as at_start from ${atStart.throughOrders} so
                union all select i, cid, true from ${atStart.throughSubscriptions} ss
                union all select i, cid, false from ${atEnd.throughOrders} eo
                union all select i, cid, false from ${atEnd.throughSubscriptions} es) a
          where true ${inSegment(ctx, sql`a.cid`)}
          group by a.cid)
        select coalesce(array_agg(m.at_start), '{}')::text as starts, coalesce(array_agg(coalesce(m.at_end, ${noPeriod(periods)})), '{}')::text as ends
        from marks m where m.at_start is not null`,
    HASHED,
  );
  const starts = masksOf(row!.starts);
  const ends = masksOf(row!.ends);
  return periods.map((_, i) => {
    let start = 0;
    let kept = 0;
    starts.forEach((mask, k) => {
      if (!hasPeriod(mask, i)) return;
      start++;
      if (hasPeriod(ends[k]!, i)) kept++;
    });
    return { i, start, kept };
  });
}

export async function retentionRate(ctx: MetricContext, periods: readonly Period[]) {
  return pointsByPeriod(periods, await retentionCounts(ctx, periods), (row) => ({
    value: percent(num(row?.kept), num(row?.start)),
    breakdown: { aliveAtStart: num(row?.start), retained: num(row?.kept) },
  }));
}

export async function churnRate(ctx: MetricContext, periods: readonly Period[]) {
  return pointsByPeriod(periods, await retentionCounts(ctx, periods), (row) => {
    const retention = percent(num(row?.kept), num(row?.start));
    return { value: retention === null ? null : 100 - retention, breakdown: { customers_lost: num(row?.start) - num(row?.kept), aliveAtStart: num(row?.start) } };
  });
}

/**
 * The recurring-revenue figures of each period, for MRR, revenue churn and net revenue retention in
 * one statement (a page shows the three together; queryRows answers it once per request): the MRR of
 * each subscription alive at the period's start and at its end, restricted to the segment (a
 * subscription keeps its customer, so filtering both ends is filtering the start), then
 * - at the end: MRR, subscriptions, those without a rate;
 * - per subscription alive at the start with a known MRR: the MRR lost by the end (revenue churn);
 * - per customer with MRR above 0 at the start: MRR at the start and at the end (NRR).
 */
function recurringRevenue(ctx: MetricContext, periods: readonly Period[]): Promise<PeriodRow[]> {
  const pr = periodsRelation(periods);
  return queryRows<PeriodRow>(ctx, sql`
    with s as materialized (select x.* from ${mrrAt(ctx, pr, "p_from")} x where true ${inSegment(ctx, sql`x.cid`)}),
         e as materialized (select y.* from ${mrrAt(ctx, pr, "p_to")} y where true ${inSegment(ctx, sql`y.cid`)}),
         at_end as (select i, coalesce(sum(mrr), 0) as mrr, count(*) as subscriptions, count(*) filter (where mrr is null) as unconverted from e group by i),
         churn as (
           select s.i, sum(s.mrr) as start_mrr, sum(greatest(0, s.mrr - coalesce(e.mrr, 0))) as lost
           from s left join e on e.i = s.i and e.sid = s.sid
           where s.mrr is not null group by s.i),
         retained as (
           select sc.i, sum(sc.mrr) as start_mrr, sum(coalesce(ec.mrr, 0)) as end_mrr, count(*) as customers
           from (select i, cid, sum(mrr) as mrr from s where cid is not null group by i, cid) sc
           left join (select i, cid, sum(mrr) as mrr from e where cid is not null group by i, cid) ec on ec.i = sc.i and ec.cid = sc.cid
           where sc.mrr > 0 group by sc.i)
    select pr.i, at_end.mrr, at_end.subscriptions, at_end.unconverted,
           churn.start_mrr as churn_start_mrr, churn.lost,
           retained.start_mrr as retained_start_mrr, retained.end_mrr as retained_end_mrr, retained.customers as retained_customers
    from ${pr} pr
    left join at_end on at_end.i = pr.i
    left join churn on churn.i = pr.i
    left join retained on retained.i = pr.i`, HASHED);
}

export async function mrr(ctx: MetricContext, periods: readonly Period[]) {
  return pointsByPeriod(periods, await recurringRevenue(ctx, periods), (row) => ({
    value: num(row?.mrr),
    breakdown: { subscriptions: num(row?.subscriptions), unconverted: num(row?.unconverted) },
  }));
}

export async function revenueChurnRate(ctx: MetricContext, periods: readonly Period[]) {
  return pointsByPeriod(periods, await recurringRevenue(ctx, periods), (row) => ({
    value: percent(num(row?.lost), num(row?.churn_start_mrr)),
    breakdown: { recurring_value_lost: num(row?.lost), mrr_at_start: num(row?.churn_start_mrr) },
  }));
}

export async function netRevenueRetention(ctx: MetricContext, periods: readonly Period[]) {
  return pointsByPeriod(periods, await recurringRevenue(ctx, periods), (row) => ({
    value: percent(num(row?.retained_end_mrr), num(row?.retained_start_mrr)),
    breakdown: { customers: num(row?.retained_customers), mrr_at_start: num(row?.retained_start_mrr), mrr_at_end: num(row?.retained_end_mrr) },
  }));
}

const YEAR_MS = 365 * 86_400_000;
const MAX_LIFESPAN_YEARS = 10;

export async function clvSimple(ctx: MetricContext, periods: readonly Period[]) {
  // Every part over the 365 days before each period's `to`.
  const years = periods.map((p) => ({ from: new Date(p.to.getTime() - YEAR_MS), to: p.to }));
  const [totals, churn] = await Promise.all([aov(ctx, years), churnRate(ctx, years)]);
  const frequency = await purchaseFrequency(ctx, years);
  return years.map((_, i) => {
    const churnValue = churn[i]!.value;
    const lifespan =
      ctx.settings.clvLifespanYears ?? (churnValue === null ? null : churnValue === 0 ? MAX_LIFESPAN_YEARS : Math.min(MAX_LIFESPAN_YEARS, 100 / churnValue));
    const aovValue = totals[i]!.value;
    const perYear = frequency[i]!.value;
    const value = lifespan === null || aovValue === null || perYear === null ? null : aovValue * perYear * lifespan;
    return { value, breakdown: { aov: aovValue, ordersPerCustomerPerYear: perYear, lifespanYears: lifespan, churnRate: churnValue } };
  });
}

export async function clvHistorical(ctx: MetricContext, periods: readonly Period[]) {
  // Each purchaser, order and refund read once, then summed per period. Correlated per period (as
  // "orders of the purchasers before p_to"), PostgreSQL rebuilt the first orders once per period: 32
  // times for a daily series, 200 of its 290 ms on the demo shop.
  // Every live order with a customer belongs to a purchaser whose first order is no later, so "orders
  // before p_to" are the purchasers' orders before p_to; a refund counts once both it and its customer's
  // first order are before p_to (a refund stamped before the first order waits for it).
  // The first orders from firstOrders, not the spans (firstOrderTimes): read in this statement's snapshot with
  // the orders and refunds summed beside them, an order committed meanwhile counts for a purchaser or for neither.
  const pr = periodsRelation(periods);
  return perPeriod(
    ctx,
    periods,
    sql`with f as materialized (
          select f.cid, f.first_at from ${firstOrders(ctx)} f where true ${inSegment(ctx, sql`f.cid`)}
        ), o as materialized (
          select o.placed_at as at, o.total from ${liveOrders(ctx)} o where o.cid is not null ${inSegment(ctx, sql`o.cid`)}
        ), r as materialized (
          select greatest(r.refunded_at, f.first_at) as at, r.amount from ${liveRefunds(ctx)} r join f on f.cid = r.cid
        )
        select pr.i,
          (select count(*) from f where f.first_at < pr.p_to) as purchasers,
          coalesce((select sum(o.total) from o where o.at < pr.p_to), 0) - coalesce((select sum(r.amount) from r where r.at < pr.p_to), 0) as net
        from ${pr} pr`,
    (row) => ({ value: ratio(num(row?.net), num(row?.purchasers)), breakdown: { purchasers: num(row?.purchasers), netRevenue: num(row?.net) } }),
  );
}

export async function loyaltyAdoptionRate(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  const base = await customerBaseOf(ctx, periods);
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i, coalesce(max(bc.base), 0) as base, count(le.cid) as members
        from ${pr} pr left join ${base.counts} bc on bc.i = pr.i
        left join (${firstEventPerCustomer(ctx, ["loyalty.enrolled"])} le join ${base.members} bm on bm.cid = le.cid)
          on le.first_at < pr.p_to and ${inBaseOf(sql`pr.i`, sql`bm.mask`)}
        group by pr.i`,
    (row) => ({ value: percent(num(row?.members), num(row?.base)), breakdown: { base: num(row?.base), members: num(row?.members) } }),
  );
}

export async function pointsRedemptionRate(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  const points = keyedEvents(ctx, POINTS_TYPES);
  return perPeriod(
    ctx,
    periods,
    // Each event's points read from its properties once (materialized), not once per period it is
    // summed in: four json extractions per (period, event) pair were most of the statement.
    sql`with points as materialized (
          select l.ts, l.type, l.points::numeric as points from ${points} l where true ${inSegment(ctx, sql`l.cid`)})
        select pr.i,
          coalesce(sum(l.points) filter (where l.type = 'loyalty.points_earned'), 0) as earned,
          coalesce(sum(l.points) filter (where l.type = 'loyalty.points_redeemed'), 0) as redeemed,
          coalesce(sum(l.points) filter (where l.type = 'loyalty.points_earned' and l.ts >= pr.p_from), 0) as earned_in_period,
          coalesce(sum(l.points) filter (where l.type = 'loyalty.points_redeemed' and l.ts >= pr.p_from), 0) as redeemed_in_period
        from ${pr} pr left join points l on l.ts < pr.p_to
        group by pr.i`,
    (row) => ({
      value: percent(num(row?.redeemed), num(row?.earned)),
      breakdown: { earned: num(row?.earned), redeemed: num(row?.redeemed), earnedInPeriod: num(row?.earned_in_period), redeemedInPeriod: num(row?.redeemed_in_period) },
    }),
    HASHED,
  );
}

export async function loyaltyMemberAovLift(ctx: MetricContext, periods: readonly Period[]) {
  // Only the orders of the periods' span are read (an index range): an order is counted in the period it
  // was placed in, and whether its customer was a member then needs only their first enrolment.
  const pr = periodsRelation(periods);
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i,
          sum(o.total) filter (where o.member) as member_total, count(*) filter (where o.member) as member_orders,
          sum(o.total) filter (where not o.member) as other_total, count(*) filter (where not o.member) as other_orders
        from ${pr} pr
        join (select lo.*, coalesce(le.first_at < lo.placed_at, false) as member
              from ${liveOrders(ctx, spanOf(periods))} lo left join ${firstEventPerCustomer(ctx, ["loyalty.enrolled"])} le on le.cid = lo.cid
              where lo.cid is not null and lo.total is not null) o
          on o.placed_at >= pr.p_from and o.placed_at < pr.p_to ${inSegment(ctx, sql`o.cid`)}
        group by pr.i`,
    (row) => {
      const memberAov = ratio(num(row?.member_total), num(row?.member_orders));
      const otherAov = ratio(num(row?.other_total), num(row?.other_orders));
      return {
        value: memberAov === null || otherAov === null || otherAov === 0 ? null : memberAov / otherAov,
        breakdown: { memberAov, nonMemberAov: otherAov, memberOrders: num(row?.member_orders), nonMemberOrders: num(row?.other_orders) },
      };
    },
  );
}

