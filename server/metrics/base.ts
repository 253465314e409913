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
 * B(to) of each period in a compact form, computed once per request (queryRows answers an identical
 * statement once; it names the organisation, churn window, segment, periods and whether rollups are
 * read, all B(to) depends on) and read by every rate over it: the beyond-the-sale page reads six.
 *
 * - `counts`: (i, base), |B(to)| of each period that has members;
 * - `members`: (cid, mask), each customer in some period's base with a bit string over the periods,
 *   bit i (from the left, 0-based) set when they are in period i's base. `contains(i, mask)` tests it.
 *
 * Why this shape: a customer in the base of every day of a daily series was 32 (i, cid) pairs, sent
 * back to PostgreSQL and joined by every rate (27,000 pairs for the demo shop's 30 days, millions at
 * 10 million events); as one row with a mask it is one. A rate asks only about the customers it
 * matched (who engaged, repaired, enrolled), so it joins those few to the members and reads the count
 * of the base from `counts`. The arrays are written by PostgreSQL itself, so no value is re-encoded.
 */
export interface CustomerBase {
  counts: SQL;
  members: SQL;
}

export async function customerBaseOf(ctx: MetricContext, periods: readonly Period[]): Promise<CustomerBase> {
  const width = sql.raw(String(periods.length));
  const [row] = await queryRows<{ cids: string; masks: string; is: string; bases: string }>(
    ctx,
    sql`with b as materialized (select * from ${customerBase(ctx, periods)} b),
        members as (select b.cid, bit_or(rpad(lpad('1', b.i + 1, '0'), ${width}, '0')::bit(${width})) as mask from b group by b.cid),
        counts as (select b.i, count(*) as base from b group by b.i)
        select m.cids, m.masks, c.is, c.bases
        from (select coalesce(array_agg(cid), '{}')::text as cids, coalesce(array_agg(mask), '{}')::text as masks from members) m,
             (select coalesce(array_agg(i), '{}')::text as is, coalesce(array_agg(base), '{}')::text as bases from counts) c`,
  );
  return {
    counts: sql`(select * from unnest(${row!.is}::int[], ${row!.bases}::bigint[]) as bc(i, base))`,
    members: sql`(select * from unnest(${row!.cids}::text[], ${row!.masks}::varbit[]) as bm(cid, mask))`,
  };
}

/** Period `i` is among a member's periods (`mask` of CustomerBase.members). */
export const inBaseOf = (i: SQL, mask: SQL): SQL => sql`get_bit(${mask}, ${i}) = 1`;

/**
 * Customers (identified, in the segment) who did a customer-initiated event in each period, custom
 * events included (metrics.md "Active"): a relation (i, active) with a row for every period that has any.
 */
export function activeCustomerCounts(ctx: MetricContext, periods: readonly Period[]): SQL {
  return sql`(select a.i, count(*) as active from ${customersActiveIn(ctx, periods, "initiated")} a
              where true ${inSegment(ctx, sql`a.cid`)} group by a.i)`;
}
