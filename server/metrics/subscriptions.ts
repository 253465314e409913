import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { MetricContext } from "./context";
import { keyedEvents } from "./keyed-events";
import { liveOrders, rateFor, textList } from "./sql";

/**
 * Subscriptions as the section 4 metrics read them (MRR, revenue churn, net revenue retention) and as the
 * customer base B(to) counts a subscriber alive: from the subscription events kept in keyed_events, with
 * the properties they are read by as columns (keyed-events.ts).
 */

/**
 * Subscriptions per subscriptionId: its customer and start (the first subscription.started), and
 * when its cancellation takes effect (the earliest effectiveAt, default the event's timestamp).
 */
export function subscriptions(ctx: MetricContext): SQL {
  return sql`(
    select s.subscription_id as sid,
           (array_agg(s.cid order by s.ts, s.id) filter (where s.type = 'subscription.started'))[1] as cid,
           (array_agg(coalesce(s.currency, ${ctx.settings.currency}) order by s.ts, s.id) filter (where s.type = 'subscription.started'))[1] as currency,
           min(s.ts) filter (where s.type = 'subscription.started') as started_at,
           min(coalesce(s.effective_at::timestamptz, s.ts)) filter (where s.type = 'subscription.canceled') as canceled_at
    from ${keyedEvents(ctx, ["subscription.started", "subscription.changed", "subscription.canceled"])} s
    group by s.subscription_id
  )`;
}

/**
 * MRR of every subscription alive at each period's `at` (p_from or p_to): the latest `mrr` sent
 * before it, 0 while paused, converted at the rate of that day.
 *
 * Written as joins and `distinct on` over the subscription events read once: per-subscription
 * correlated lookups re-read the organisation's events for every subscription and period (110 s on
 * the demo shop's daily series).
 */
export function mrrAt(ctx: MetricContext, periods: SQL, at: "p_from" | "p_to"): SQL {
  const point = sql.raw(`pr.${at}`);
  const latestBefore = (types: readonly string[], column: SQL) => sql`(
      select distinct on (a.i, a.sid) a.i, a.sid, ${column} as value
      from alive a join state_events se on se.sid = a.sid and se.ts < a.point and se.type in ${textList(types)}
      order by a.i, a.sid, se.ts desc, se.id desc)`;
  return sql`(
    with state_events as materialized (
      select s.id, s.type, s.ts, s.subscription_id as sid, s.mrr
      from ${keyedEvents(ctx, ["subscription.started", "subscription.changed", "subscription.paused", "subscription.resumed"])} s
    ), alive as materialized (
      select pr.i, ${point} as point, sb.sid, sb.cid, sb.currency
      from ${periods} pr
      join ${subscriptions(ctx)} sb on sb.started_at < ${point} and (sb.canceled_at is null or sb.canceled_at >= ${point})
    )
    select a.i, a.sid, a.cid,
      case when pause.value = 'subscription.paused' then 0::numeric
           else coalesce(amount.value::numeric, 0) * ${rateFor(ctx, sql`a.currency`, sql`a.point`)}
      end as mrr
    from alive a
    left join ${latestBefore(["subscription.started", "subscription.changed"], sql`se.mrr`)} amount on amount.i = a.i and amount.sid = a.sid
    left join ${latestBefore(["subscription.paused", "subscription.resumed"], sql`se.type`)} pause on pause.i = a.i and pause.sid = a.sid
  )`;
}

/**
 * The two ways to be alive at each period's `at`, as relations (i, cid) that may repeat a pair (a
 * customer with two orders in the window): `throughOrders`, `throughSubscriptions`, after `ctes` (a
 * `with` clause that must open the statement or subquery they are read in). The test reference
 * (testing/customer-base-pairs.ts) de-duplicates their union; the customer base's masks need no de-duplication (a repeated bit is the same bit).
 */
export function aliveParts(ctx: MetricContext, periods: SQL, at: "p_from" | "p_to"): { ctes: SQL; throughOrders: SQL; throughSubscriptions: SQL } {
  const point = sql.raw(`pr.${at}`);
  const windowMs = ctx.settings.churnWindowDays * 86_400_000;
  const subscribers = aliveSubscribers(ctx, periods, at);
  // Orders and subscriptions resolved to their customers once, then joined to the periods: as
  // subqueries they were pulled up, and the identity-link lookup of each order ran once per period it
  // fell in (32 periods of a daily series: 32,000 lookups for 1,000 orders of the demo shop).
  return {
    ctes: sql`with alive_orders as materialized (select o.cid, o.placed_at from ${liveOrders(ctx)} o where o.cid is not null), ${subscribers.cte}`,
    throughOrders: sql`(select pr.i, o.cid from ${periods} pr
      join alive_orders o on o.placed_at < ${point} and o.placed_at >= ${point} - ${windowMs} * interval '1 millisecond')`,
    throughSubscriptions: subscribers.pairs,
  };
}

/**
 * The subscribers alive at each period's `at`: `cte` (alive_subscriptions, for a `with` clause) and `pairs`
 * (i, cid) read from it. Part of aliveParts, and all of it the customer base needs when it reads alive
 * through orders from customer_activity_spans (orderedWithin).
 */
export function aliveSubscribers(ctx: MetricContext, periods: SQL, at: "p_from" | "p_to"): { cte: SQL; pairs: SQL } {
  const point = sql.raw(`pr.${at}`);
  return {
    cte: sql`alive_subscriptions as materialized (select sb.cid, sb.started_at, sb.canceled_at from ${subscriptions(ctx)} sb where sb.cid is not null)`,
    pairs: sql`(select pr.i, sb.cid from ${periods} pr
      join alive_subscriptions sb on sb.started_at < ${point} and (sb.canceled_at is null or sb.canceled_at >= ${point}))`,
  };
}

/** The spans row `spans` (customer_activity_spans) has a live order in [point - churn window, point): alive through orders at `point`. */
export function orderedWithin(ctx: MetricContext, spans: SQL, point: SQL): SQL {
  const windowMs = ctx.settings.churnWindowDays * 86_400_000;
  return sql`${spans}.ordered && tstzrange(${point} - ${windowMs} * interval '1 millisecond', ${point})`;
}
