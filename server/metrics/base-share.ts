import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { customerBaseOf, inBaseOf } from "./base";
import type { MetricContext } from "./context";
import type { Period } from "./period";
import { byPeriod, HASHED, num, percent, periodsRelation, queryRows } from "./sql";
import type { MetricPoint } from "./types";

/**
 * "Members of B(to) with <something> in P / B(to)": the shape of most rates of section 1. `matched`
 * is a relation (i, cid) of the customers with that something in period i; it may name the periods
 * as the relation `periods`. Only its pairs whose customer is in period i's base count, each once:
 * joined to the base's members on the customer and tested against their mask, so the rate stays
 * within 0-100. (As a condition `(pr.i, b.cid) in (…)` it was a hashed subplan, which PostgreSQL stops
 * hashing when the set outgrows work_mem and then scans once per customer and period: the
 * sustainability engagement rate went from 0.15 s at 150,000 events to 40 s at 1 million.)
 * `extraColumns` may read the matched row `m` (with any columns `matched` carries beyond i and cid,
 * one row per pair).
 */
export async function baseShare(
  ctx: MetricContext,
  periods: readonly Period[],
  matched: SQL,
  extra: (row: Record<string, unknown>) => Record<string, unknown> = () => ({}),
  extraColumns: SQL = sql``,
): Promise<MetricPoint[]> {
  const pr = periodsRelation(periods);
  const base = await customerBaseOf(ctx, periods);
  const rows = byPeriod(
    await queryRows<{ i: number; base: string; matched: string } & Record<string, unknown>>(
      ctx,
      sql`with periods as ${pr}
          select pr.i, coalesce(max(bc.base), 0) as base, count(m.cid) as matched ${extraColumns}
          from periods pr left join ${base.counts} bc on bc.i = pr.i
          left join (
            select distinct mm.* from ${matched} mm
            join ${base.members} bm on bm.cid = mm.cid and ${inBaseOf(sql`mm.i`, sql`bm.mask`)}) m on m.i = pr.i
          group by pr.i`,
      HASHED,
    ),
  );
  return periods.map((_, i) => {
    const row = rows.get(i);
    return { value: percent(num(row?.matched), num(row?.base)), breakdown: { base: num(row?.base), customers: num(row?.matched), ...(row ? extra(row) : {}) } };
  });
}
