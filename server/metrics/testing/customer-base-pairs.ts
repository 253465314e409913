import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { customersActiveIn } from "../activity";
import type { MetricContext } from "../context";
import type { Period } from "../period";
import { inSegment } from "../segment";
import { firstOrders, periodsRelation } from "../sql";
import { aliveParts } from "../subscriptions";

/**
 * The customer base as metrics.md writes it, one row per (period, customer), for the tests to hold
 * the metrics' compact form (base.ts customerBaseOf: a mask per customer) to. Not read by any metric.
 */

/** Customers alive at each period's `at`: an order in [at - W, at), or a live subscription. */
function aliveAt(ctx: MetricContext, periods: SQL, at: "p_from" | "p_to"): SQL {
  const alive = aliveParts(ctx, periods, at);
  return sql`(${alive.ctes} select i, cid from ${alive.throughOrders} o union select i, cid from ${alive.throughSubscriptions} s)`;
}

/**
 * The customer base B(to) of each period (metrics.md): purchasers before `to` that are alive at `to`
 * or did a customer-initiated event in the period; restricted to the segment. A relation (i, cid).
 *
 * The definition as written.
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

