import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { customerBase } from "./base";
import type { MetricContext } from "./context";
import type { Period } from "./period";
import { byPeriod, num, percent, periodsRelation, queryRows } from "./sql";
import type { MetricPoint } from "./types";

/**
 * "Members of B(to) with <something> in P / B(to)": the shape of most rates of section 1. `matches`
 * is a condition on `b.cid` and the period `pr` (i, p_from, p_to); the periods are also the relation
 * `periods`, so that a condition can be an uncorrelated `(pr.i, b.cid) in (…)` the database hashes
 * once (see didInPeriod) instead of a lookup per customer and period. Only members of B(to) are
 * counted in the numerator, so the rate stays within 0-100.
 */
export async function baseShare(
  ctx: MetricContext,
  periods: readonly Period[],
  matches: SQL,
  extra: (row: Record<string, unknown>) => Record<string, unknown> = () => ({}),
  extraColumns: SQL = sql``,
  /** More relations joined on `pr.i` and `b.cid`, for `matches` and the extra columns to read. */
  extraJoins: SQL = sql``,
): Promise<MetricPoint[]> {
  const pr = periodsRelation(periods);
  const rows = byPeriod(
    await queryRows<{ i: number; base: string; matched: string } & Record<string, unknown>>(
      ctx,
      sql`with periods as ${pr}
          select pr.i, count(b.cid) as base, count(b.cid) filter (where ${matches}) as matched ${extraColumns}
          from periods pr left join ${customerBase(ctx, periods)} b on b.i = pr.i ${extraJoins}
          group by pr.i`,
    ),
  );
  return periods.map((_, i) => {
    const row = rows.get(i);
    return { value: percent(num(row?.matched), num(row?.base)), breakdown: { base: num(row?.base), customers: num(row?.matched), ...(row ? extra(row) : {}) } };
  });
}
