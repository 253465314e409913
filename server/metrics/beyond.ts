import "server-only";
import { sql } from "drizzle-orm";
import { activitySpansReady, customersActiveIn, type ActivityColumns } from "./activity";
import { customerBaseOf, inBaseOf } from "./base";
import { baseShare } from "./base-share";
import type { MetricContext } from "./context";
import { spanOf, type Period } from "./period";
import { firstEventPerCustomer, keyedEvents } from "./keyed-events";
import { inSegment } from "./segment";
import { bitOf, HASHED, CONTENT_TOPICS, CONTENT_TYPES, firstOrders, LIFECYCLE, liveOrders, liveRefunds, num, percent, periodsRelation, queryRows, ratio, resolvedEvents, perPeriod } from "./sql";
import { windowSql } from "./windows";

/** Section 1 of metrics.md: beyond the sale (sustainability and lifecycle). */


export async function sustainabilityEngagementRate(ctx: MetricContext, periods: readonly Period[]) {
  const fromSpans = await activitySpansReady(ctx, periods);
  return baseShare(ctx, periods, customersActiveIn(ctx, periods, "sustainability", {}, { fromSpans }));
}

export function repairActivityRate(ctx: MetricContext, periods: readonly Period[]) {
  // repair.requested or maintenance.booked.
  return baseShare(ctx, periods, customersActiveIn(ctx, periods, "repair"));
}

export function referralRate(ctx: MetricContext, periods: readonly Period[]) {
  // The referrer is the customerId of referral.converted.
  return baseShare(ctx, periods, customersActiveIn(ctx, periods, "referral"));
}

/** The content types and topics a customer engaged with in a period, as bits (CONTENT_TYPES, CONTENT_TOPICS). */
const CONTENT_MASKS: ActivityColumns = {
  types: { day: sql`a.content_types`, event: bitOf(sql`ev.p->>'contentType'`, CONTENT_TYPES), combine: "bit_or" },
  topics: { day: sql`a.content_topics`, event: bitOf(sql`ev.p->>'topic'`, CONTENT_TOPICS), combine: "bit_or" },
};

export function contentEngagementRate(ctx: MetricContext, periods: readonly Period[]) {
  // Per content type and topic: members of B(to) who engaged with it in P, and their share of B(to).
  // Each (period, customer) carries the types and topics it engaged with as bits, from the activity days.
  const flags = [
    ...CONTENT_TYPES.map((t, bit) => [`type_${t}`, sql`m.types & ${sql.raw(String(1 << bit))} <> 0`] as const),
    ...CONTENT_TOPICS.map((t, bit) => [`topic_${t}`, sql`m.topics & ${sql.raw(String(1 << bit))} <> 0`] as const),
  ];
  const columns = sql.join(flags.map(([name, where]) => sql`, count(m.cid) filter (where ${where}) as ${sql.identifier(name)}`));
  return baseShare(
    ctx,
    periods,
    customersActiveIn(ctx, periods, "content", CONTENT_MASKS),
    (row) => {
      const base = num(row.base);
      const share = (name: string) => ({ customers: num(row[name]), percent: percent(num(row[name]), base) });
      return {
        byContentType: Object.fromEntries(CONTENT_TYPES.map((t) => [t, share(`type_${t}`)])),
        byTopic: Object.fromEntries(CONTENT_TOPICS.map((t) => [t, share(`topic_${t}`)])),
      };
    },
    columns,
  );
}

export async function lifecycleInteractions(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  const rows = await queryRows<{ i: number; type: string | null; n: string }>(
    ctx,
    sql`select pr.i, ev.type, count(ev.id) as n from ${pr} pr
        left join ${keyedEvents(ctx, LIFECYCLE)} ev on ev.ts >= pr.p_from and ev.ts < pr.p_to ${inSegment(ctx, sql`ev.cid`)}
        group by pr.i, ev.type`,
  );
  return periods.map((_, i) => {
    const mine = rows.filter((r) => Number(r.i) === i && r.type);
    return {
      value: mine.reduce((s, r) => s + num(r.n), 0),
      breakdown: { byType: Object.fromEntries(LIFECYCLE.map((t) => [t, num(mine.find((r) => r.type === t)?.n)])) },
    };
  });
}

export async function lifecycleInteractionsPerCustomer(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  const base = await customerBaseOf(ctx, periods);
  return perPeriod(
    ctx,
    periods,
    // Lifecycle events per customer and period (whole days summed from the activity days) as one joined
    // aggregate, not a count per base member.
    sql`with periods as ${pr},
        lifecycle as ${customersActiveIn(ctx, periods, "lifecycle", { n: { day: sql`a.lifecycle`, event: sql`1`, combine: "sum" } })}
        select pr.i, coalesce(max(bc.base), 0) as base, coalesce(sum(lc.n), 0) as events
        from periods pr left join ${base.counts} bc on bc.i = pr.i
        left join (lifecycle lc join ${base.members} bm on bm.cid = lc.cid and ${inBaseOf(sql`lc.i`, sql`bm.mask`)}) on lc.i = pr.i
        group by pr.i`,
    (row) => ({ value: ratio(num(row?.events), num(row?.base)), breakdown: { base: num(row?.base), events: num(row?.events) } }),
  );
}

export async function repeatSustainablePurchases(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i, count(o.order_id) as n from ${pr} pr
        left join (
          select lo.* from ${liveOrders(ctx)} lo
          join ${firstOrders(ctx)} f on f.cid = lo.cid and f.first_order_id <> lo.order_id
          join ${firstEventPerCustomer(ctx, LIFECYCLE)} lc on lc.cid = lo.cid and lc.first_at < lo.placed_at
        ) o on o.placed_at >= pr.p_from and o.placed_at < pr.p_to ${inSegment(ctx, sql`o.cid`)}
        group by pr.i`,
    (row) => ({ value: num(row?.n) }),
  );
}

export async function sustainableOrderShare(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i, count(o.order_id) as orders, count(o.order_id) filter (where o.sustainable) as sustainable
        from ${pr} pr left join ${liveOrders(ctx, spanOf(periods))} o on o.placed_at >= pr.p_from and o.placed_at < pr.p_to ${inSegment(ctx, sql`o.cid`)}
        group by pr.i`,
    (row) => ({ value: percent(num(row?.sustainable), num(row?.orders)), breakdown: { orders: num(row?.orders), sustainable: num(row?.sustainable) } }),
  );
}

export async function sustainableLtvLift(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  return perPeriod(
    ctx,
    periods,
    // The mean net revenue of a group is its customers' net revenue summed over its customer count,
    // so no (period, customer) row is needed: each order and refund is summed into the periods it
    // precedes, in the group its customer was in at the period's end. Grouping per (period, customer)
    // first held 38,000 pairs for a daily series of the demo shop. Orders, refunds and first orders are
    // read (and converted into the organisation's currency) once, in materialized CTEs: joined to the
    // periods as subqueries, each order's conversion ran once per period it preceded.
    sql`with periods as ${pr},
        first_lifecycle as (select fl.cid, fl.first_at as ts from ${firstEventPerCustomer(ctx, LIFECYCLE)} fl),
        purchasers as materialized (
          select f.cid, f.first_at, fl.ts as lifecycle_at
          from ${firstOrders(ctx)} f left join first_lifecycle fl on fl.cid = f.cid
          where true ${inSegment(ctx, sql`f.cid`)}),
        orders_once as materialized (
          select o.placed_at, o.total, c.lifecycle_at from ${liveOrders(ctx)} o join purchasers c on c.cid = o.cid),
        refunds_once as materialized (
          select r.refunded_at, r.amount, c.first_at, c.lifecycle_at from ${liveRefunds(ctx)} r join purchasers c on c.cid = r.cid),
        counted as (
          select p.i, count(*) filter (where c.lifecycle_at < p.p_to) as n_with, count(*) filter (where not coalesce(c.lifecycle_at < p.p_to, false)) as n_without
          from periods p join purchasers c on c.first_at < p.p_to group by p.i),
        spent as (
          select p.i, sum(o.total) filter (where o.lifecycle_at < p.p_to) as with_total,
                 sum(o.total) filter (where not coalesce(o.lifecycle_at < p.p_to, false)) as without_total
          from periods p join orders_once o on o.placed_at < p.p_to group by p.i),
        refunded as (
          select p.i, sum(r.amount) filter (where r.lifecycle_at < p.p_to) as with_amount,
                 sum(r.amount) filter (where not coalesce(r.lifecycle_at < p.p_to, false)) as without_amount
          from periods p join refunds_once r on r.refunded_at < p.p_to and r.first_at < p.p_to group by p.i)
        select c.i,
               (coalesce(s.with_total, 0) - coalesce(r.with_amount, 0)) / nullif(c.n_with, 0) as with_lifecycle, c.n_with,
               (coalesce(s.without_total, 0) - coalesce(r.without_amount, 0)) / nullif(c.n_without, 0) as without, c.n_without
        from counted c left join spent s on s.i = c.i left join refunded r on r.i = c.i`,
    (row) => {
      const withL = row?.with_lifecycle === null || row?.with_lifecycle === undefined ? null : Number(row.with_lifecycle);
      const without = row?.without === null || row?.without === undefined ? null : Number(row.without);
      return {
        value: withL === null || without === null || without === 0 ? null : withL / without,
        breakdown: { withLifecycle: { customers: num(row?.n_with), meanNetRevenue: withL }, withoutLifecycle: { customers: num(row?.n_without), meanNetRevenue: without } },
      };
    },
    HASHED,
  );
}

export async function dppAccessFrequency(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i, count(ev.id) filter (where ev.cid is not null) as views, count(distinct ev.cid) as customers,
               count(ev.id) filter (where ev.cid is null) as anonymous_views
        from ${pr} pr left join ${keyedEvents(ctx, ["dpp.viewed"])} ev
          on ev.context = 'post_purchase' and ev.ts >= pr.p_from and ev.ts < pr.p_to ${inSegment(ctx, sql`ev.cid`)}
        group by pr.i`,
    (row) => ({
      value: ratio(num(row?.views), num(row?.customers)),
      breakdown: { views: num(row?.views), customers: num(row?.customers), anonymousViews: num(row?.anonymous_views) },
    }),
  );
}

/**
 * Customers with eol.prompted in P; each is a case opened by their first prompt in P and answered by
 * a take-back, recycling or resale within 30 days after it. Cases whose 30 days have not passed by
 * now are pending.
 */
export async function endOfLifeActionRate(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  return perPeriod(
    ctx,
    periods,
    sql`with cases as (
          select pr.i, ev.cid, min(ev.ts) as prompted_at from ${pr} pr
          join ${resolvedEvents(ctx, ["eol.prompted"])} ev on ev.cid is not null and ev.ts >= pr.p_from and ev.ts < pr.p_to ${inSegment(ctx, sql`ev.cid`)}
          group by pr.i, ev.cid
        )
        , tagged as (
          -- Each case joined with the actions once; a lookup per case re-read them (0.9 s on the demo shop).
          select c.i, c.cid, c.prompted_at, count(a.ts) > 0 as acted
          from cases c
          left join ${keyedEvents(ctx, ["takeback.requested", "recycling.completed", "resale.listed"])} a
            on a.cid = c.cid and a.ts >= c.prompted_at and a.ts < c.prompted_at + ${windowSql("endOfLifeAction")}
          group by c.i, c.cid, c.prompted_at
        )
        select c.i,
          count(*) filter (where c.prompted_at + ${windowSql("endOfLifeAction")} <= ${ctx.now.toISOString()}::timestamptz) as cases,
          count(*) filter (where c.prompted_at + ${windowSql("endOfLifeAction")} > ${ctx.now.toISOString()}::timestamptz) as pending,
          count(*) filter (where c.prompted_at + ${windowSql("endOfLifeAction")} <= ${ctx.now.toISOString()}::timestamptz and c.acted) as acted
        from tagged c group by c.i`,
    (row) => ({ value: percent(num(row?.acted), num(row?.cases)), breakdown: { prompted: num(row?.cases), acted: num(row?.acted), pending: num(row?.pending) } }),
  );
}

