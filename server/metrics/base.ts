import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { customersActiveIn } from "./activity";
import type { MetricContext } from "./context";
import type { Period } from "./period";
import { inSegment } from "./segment";
import { aliveAt, firstOrders, periodsRelation, queryRows } from "./sql";

/**
 * The customer base B(to) of each period (metrics.md): purchasers before `to` that are alive at `to`
 * or did a customer-initiated event in the period; restricted to the segment. A relation (i, cid).
 */
export function customerBase(ctx: MetricContext, periods: readonly Period[]): SQL {
  const pr = periodsRelation(periods);
  return sql`(
    select pr.i, fo.cid
    from ${pr} pr
    join ${firstOrders(ctx)} fo on fo.first_at < pr.p_to
    -- A join with the (deduplicated) alive-or-active pairs, not "(i, cid) in (…)": that is a hashed
    -- subplan, which PostgreSQL stops hashing once the pairs outgrow work_mem (a daily series at 10
    -- million events has millions) and then scans once per candidate row.
    join (
        select i, cid from ${aliveAt(ctx, pr, "p_to")} al
        union
        select i, cid from ${customersActiveIn(ctx, periods, "initiated")} ac) m on m.i = pr.i and m.cid = fo.cid
    where true ${inSegment(ctx, sql`fo.cid`)}
  )`;
}

/**
 * B(to) as a relation (i, cid), computed once per request and shared by every metric over it (the
 * beyond-the-sale page reads five rates of the base over the same 32 periods in three panels).
 * Without a request's shared relations it is the plain subquery. The rows travel as two PostgreSQL
 * array literals, produced by PostgreSQL itself, so no value is re-encoded on the way.
 */
export async function sharedCustomerBase(ctx: MetricContext, periods: readonly Period[]): Promise<SQL> {
  if (!ctx.shared) return customerBase(ctx, periods);
  // queryRows answers an identical statement once per request: this one names the organisation,
  // the churn window, the segment, the periods and whether rollups are read, all B(to) depends on.
  const [arrays] = await queryRows<{ is: string; cids: string }>(
    ctx,
    sql`select coalesce(array_agg(b.i), '{}')::text as "is", coalesce(array_agg(b.cid), '{}')::text as cids from ${customerBase(ctx, periods)} b`,
  );
  const { is, cids } = arrays!;
  return sql`(select * from unnest(${is}::int[], ${cids}::text[]) as b(i, cid))`;
}

/**
 * Customers (identified, in the segment) who did a customer-initiated event in each period, custom
 * events included (metrics.md "Active"): a relation (i, active) with a row for every period that has any.
 */
export function activeCustomerCounts(ctx: MetricContext, periods: readonly Period[]): SQL {
  return sql`(select a.i, count(*) as active from ${customersActiveIn(ctx, periods, "initiated")} a
              where true ${inSegment(ctx, sql`a.cid`)} group by a.i)`;
}
