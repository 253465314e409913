import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { MetricContext } from "./context";
import { inSegment } from "./segment";
import { aliveAt, CUSTOMER_INITIATED, firstOrders, resolvedEvents } from "./sql";

/**
 * The customer base B(to) of each period (metrics.md): purchasers before `to` that are alive at `to`
 * or did a customer-initiated event in the period; restricted to the segment.
 */
export function customerBase(ctx: MetricContext, periods: SQL): SQL {
  return sql`(
    select pr.i, fo.cid
    from ${periods} pr
    join ${firstOrders(ctx)} fo on fo.first_at < pr.p_to
    where (pr.i, fo.cid) in (
        select i, cid from ${aliveAt(ctx, periods, "p_to")} al
        union
        select pr2.i, ac.cid from ${periods} pr2
        join ${resolvedEvents(ctx, CUSTOMER_INITIATED, { custom: true })} ac on ac.ts >= pr2.p_from and ac.ts < pr2.p_to
        where ac.cid is not null)
      ${inSegment(ctx, sql`fo.cid`)}
  )`;
}


/**
 * For the period `pr` of the enclosing query: customers (identified, in the segment) who did a
 * customer-initiated event in it, custom events included (metrics.md "Active"), as a count.
 */
export function activeCustomerCount(ctx: MetricContext): SQL {
  return sql`(select count(distinct a.cid) from ${resolvedEvents(ctx, CUSTOMER_INITIATED, { custom: true })} a
              where a.cid is not null and a.ts >= pr.p_from and a.ts < pr.p_to ${inSegment(ctx, sql`a.cid`)})`;
}
