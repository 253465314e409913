import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { fromMinorUnits } from "@/lib/money";
import type { MetricContext } from "./context";
import { spanOf, type Period } from "./period";
import { inSegment } from "./segment";
import { liveOrders, num, percent, periodsRelation, ratio, resolvedEvents, perPeriod, within } from "./sql";
import { windowMs, windowSql } from "./windows";
import { keyedEvents } from "./keyed-events";

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
 * Per period, the orders placed in it (`orders`), those younger than 30 days at the time of reading
 * (`pending`), and of the others those followed within 30 days by a tracking view (`tracked`) and by a click
 * in their order-confirmation email (`clicked`), each carrying the orderId; and the tracking views of the
 * period, whatever they carry (`tracking_views`).
 *
 * One statement for both metrics (a read asking for both runs it once: queryRows): each order of the span is
 * tagged once by a join with the events that name it, both kinds at once, and the orders are counted from
 * those tags. A correlated "exists" per order re-read the events for every order (0.5-0.7 s on the demo
 * shop); one statement per metric read the orders, their events and the orders again for the count twice.
 * Only events that can follow an order of the span are read: up to 30 days after its end.
 */
function ordersFollowedUp(ctx: MetricContext, periods: readonly Period[]): SQL {
  const pr = periodsRelation(periods);
  const now = ctx.now.toISOString();
  const span = spanOf(periods);
  const [from, to] = [span.from.toISOString(), span.to.toISOString()];
  const following = { from: span.from, to: new Date(span.to.getTime() + windowMs("postPurchaseFollowUp")) };
  const window = windowSql("postPurchaseFollowUp");
  return sql`
    with tagged as materialized (
      select o.order_id, o.cid, o.placed_at, o.placed_at + ${window} > ${now}::timestamptz as pending,
             count(ev.ts) filter (where ev.type = 'tracking.viewed') > 0 as tracked,
             count(ev.ts) filter (where ev.type = 'email.clicked') > 0 as clicked
      from ${liveOrders(ctx)} o
      left join (select ev.order_id, ev.ts, ev.type from ${keyedEvents(ctx, ["tracking.viewed", "email.clicked"])} ev
                 where ev.order_id is not null and (ev.type = 'tracking.viewed' or ev.email_type = 'order_confirmation')
                   and ${within(sql`ev.ts`, following)}) ev
        on ev.order_id = o.order_id and ev.ts >= o.placed_at and ev.ts < o.placed_at + ${window}
      where o.placed_at >= ${from}::timestamptz and o.placed_at < ${to}::timestamptz
      group by o.order_id, o.cid, o.placed_at
    )
    select c.i, c.orders, c.pending, c.tracked, c.clicked,
      (select count(*) from ${keyedEvents(ctx, ["tracking.viewed"])} ev
       where ev.ts >= c.p_from and ev.ts < c.p_to ${inSegment(ctx, sql`ev.cid`)}) as tracking_views
    from (
      select pr.i, pr.p_from, pr.p_to, count(o.order_id) as orders,
             count(*) filter (where o.pending) as pending,
             count(*) filter (where not o.pending and o.tracked) as tracked,
             count(*) filter (where not o.pending and o.clicked) as clicked
      from ${pr} pr
      left join tagged o on o.placed_at >= pr.p_from and o.placed_at < pr.p_to ${inSegment(ctx, sql`o.cid`)}
      group by pr.i, pr.p_from, pr.p_to) c`;
}

export async function trackingClicksPerOrder(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, ordersFollowedUp(ctx, periods), (row) => {
    const decided = num(row?.orders) - num(row?.pending);
    return {
      value: ratio(num(row?.tracking_views), num(row?.orders)),
      breakdown: { views: num(row?.tracking_views), orders: num(row?.orders), ordersWithTrackingView: { percent: percent(num(row?.tracked), decided), orders: num(row?.tracked), pending: num(row?.pending) } },
    };
  });
}

export async function emailClickThroughPerOrder(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, ordersFollowedUp(ctx, periods), (row) => {
    const decided = num(row?.orders) - num(row?.pending);
    return { value: percent(num(row?.clicked), decided), breakdown: { orders: decided, clicked: num(row?.clicked), pending: num(row?.pending) } };
  });
}
