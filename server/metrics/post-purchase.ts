import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { fromMinorUnits } from "@/lib/money";
import type { MetricContext } from "./context";
import { spanOf, type Period } from "./period";
import { inSegment } from "./segment";
import { liveOrders, num, percent, periodsRelation, ratio, resolvedEvents, perPeriod, within } from "./sql";
import { windowMs, windowSql } from "./windows";
import { keyedEvents, type KeyedEventType } from "./keyed-events";

/** Section 3 of metrics.md: post-purchase experience. */

function countInPeriod(ctx: MetricContext, types: readonly string[], where: SQL = sql`true`): SQL {
  return sql`(select count(*) from ${resolvedEvents(ctx, types)} ev
              where ev.ts >= pr.p_from and ev.ts < pr.p_to and ${where} ${inSegment(ctx, sql`ev.cid`)})`;
}

const ordersInPeriod = (ctx: MetricContext) =>
  sql`(select count(*) from ${liveOrders(ctx)} o where o.placed_at >= pr.p_from and o.placed_at < pr.p_to ${inSegment(ctx, sql`o.cid`)})`;

function contactCost(ctx: MetricContext, contacts: number): number | null {
  const cost = ctx.settings.supportContactCostMinor;
  if (cost === null) return null;
  return fromMinorUnits(contacts * cost, ctx.settings.currency);
}

export async function wismoRate(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i, ${countInPeriod(ctx, ["support.contacted"], sql`ev.p->>'reason' = 'wismo'`)} as contacts, ${ordersInPeriod(ctx)} as orders from ${pr} pr`,
    (row) => {
      const contacts = num(row?.contacts);
      const orders = num(row?.orders);
      return { value: orders ? (100 * contacts) / orders : null, breakdown: { contacts, orders, cost: contactCost(ctx, contacts) } };
    },
  );
}

export async function wismrRate(ctx: MetricContext, periods: readonly Period[]) {
  const pr = periodsRelation(periods);
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i, ${countInPeriod(ctx, ["support.contacted"], sql`ev.p->>'reason' = 'wismr'`)} as contacts,
          (select count(distinct ev.p->>'orderId') from ${resolvedEvents(ctx, ["return.requested"])} ev
           where ev.ts >= pr.p_from and ev.ts < pr.p_to ${inSegment(ctx, sql`ev.cid`)}
             -- A cancelled order "is in no order metric" (metrics.md), whenever its order.canceled came:
             -- order_cancellations keeps every cancelled orderId, even before its order arrives.
             and not exists (select 1 from order_cancellations oc where oc.org_id = ${ctx.settings.orgId}
                               and oc.order_id = ev.p->>'orderId')) as returns
        from ${pr} pr`,
    (row) => {
      const contacts = num(row?.contacts);
      const returns = num(row?.returns);
      return { value: returns ? (100 * contacts) / returns : null, breakdown: { contacts, ordersWithReturns: returns, cost: contactCost(ctx, contacts) } };
    },
  );
}

/**
 * Orders placed in the period and whether an event of `types` (and `where`, on the keyed event `ev`)
 * carrying their orderId came within 30 days after; orders younger than 30 days at the time of reading
 * are pending. `events`: the events of `types` (and `where`) in the period, whatever they carry.
 */
function followedOrders(ctx: MetricContext, periods: readonly Period[], types: readonly KeyedEventType[], where: SQL = sql`true`): SQL {
  const pr = periodsRelation(periods);
  const now = ctx.now.toISOString();
  const span = spanOf(periods);
  const [from, to] = [span.from.toISOString(), span.to.toISOString()];
  // Each order of the whole range is tagged once by a join with the events that name it; a
  // correlated "exists" per order re-read the events for every order (0.5-0.7 s on the demo shop).
  // Only events that can follow an order of the range are read: up to 30 days after its end.
  const following = { from: span.from, to: new Date(span.to.getTime() + windowMs("postPurchaseFollowUp")) };
  return sql`
    with tagged as materialized (
      select o.order_id, o.cid, o.placed_at, o.placed_at + ${windowSql("postPurchaseFollowUp")} > ${now}::timestamptz as pending,
             count(ev.ts) > 0 as followed
      from ${liveOrders(ctx)} o
      left join (select ev.order_id, ev.ts from ${keyedEvents(ctx, types)} ev
                 where ev.order_id is not null and ${where} and ${within(sql`ev.ts`, following)}) ev
        on ev.order_id = o.order_id and ev.ts >= o.placed_at and ev.ts < o.placed_at + ${windowSql("postPurchaseFollowUp")}
      where o.placed_at >= ${from}::timestamptz and o.placed_at < ${to}::timestamptz
      group by o.order_id, o.cid, o.placed_at
    )
    select pr.i, ${ordersInPeriod(ctx)} as orders,
      (select count(*) from tagged o where o.placed_at >= pr.p_from and o.placed_at < pr.p_to ${inSegment(ctx, sql`o.cid`)} and o.pending) as pending,
      (select count(*) from tagged o where o.placed_at >= pr.p_from and o.placed_at < pr.p_to ${inSegment(ctx, sql`o.cid`)}
         and not o.pending and o.followed) as followed,
      (select count(*) from ${keyedEvents(ctx, types)} ev
       where ev.ts >= pr.p_from and ev.ts < pr.p_to and ${where} ${inSegment(ctx, sql`ev.cid`)}) as events
    from ${pr} pr`;
}

export async function trackingClicksPerOrder(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, followedOrders(ctx, periods, ["tracking.viewed"]), (row) => {
    const decided = num(row?.orders) - num(row?.pending);
    return {
      value: ratio(num(row?.events), num(row?.orders)),
      breakdown: { views: num(row?.events), orders: num(row?.orders), ordersWithTrackingView: { percent: percent(num(row?.followed), decided), orders: num(row?.followed), pending: num(row?.pending) } },
    };
  });
}

export async function emailClickThroughPerOrder(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, followedOrders(ctx, periods, ["email.clicked"], sql`ev.email_type = 'order_confirmation'`), (row) => {
    const decided = num(row?.orders) - num(row?.pending);
    return { value: percent(num(row?.followed), decided), breakdown: { orders: decided, clicked: num(row?.followed), pending: num(row?.pending) } };
  });
}
