import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Period } from "./period";

/**
 * Sets of periods as bit strings: bit i (from the left, 0-based) stands for period i of a statement's
 * periods. A customer's periods aggregate with `bit_or` over (period, customer) pairs, and a repeated
 * pair sets the same bit again, so nothing needs de-duplicating first: one row per customer instead
 * of one per (period, customer), which for a daily series is 32 times fewer.
 */

/** The bit of period `index` (an SQL integer), as bit(n) for the n periods. */
export function periodBit(periods: readonly Period[], index: SQL): SQL {
  const width = sql.raw(String(periods.length));
  return sql`(${`1${"0".repeat(periods.length - 1)}`}::bit(${width}) >> ${index})`;
}

/** No period: n zero bits. */
export function noPeriod(periods: readonly Period[]): SQL {
  return sql`${"0".repeat(periods.length)}::bit(${sql.raw(String(periods.length))})`;
}

/** The masks of an array literal PostgreSQL wrote for a bit[] (`{0101,1100}`). */
export function masksOf(literal: string): string[] {
  const inner = literal.slice(1, -1);
  return inner ? inner.split(",") : [];
}

/** Whether period `i` is in `mask`. */
export const hasPeriod = (mask: string, i: number) => mask.charCodeAt(i) === 49;
