import type { MetricContext } from "./context";
import type { Period } from "./period";
import type { OutcomeWindow } from "./windows";

export const UNITS = ["percent", "count", "money", "score", "hours", "ratio", "table"] as const;
export type Unit = (typeof UNITS)[number];

export const FAMILIES = {
  beyond: "Beyond the sale",
  checkout: "Checkout and abandonment",
  post_purchase: "Post-purchase experience",
  value: "Value and loyalty",
  voice: "Relationship and voice of the customer",
  journey: "Journey stages",
  industry: "Industry frameworks",
} as const;
export type Family = keyof typeof FAMILIES;

export type Breakdown = Record<string, unknown>;

/** One metric over one period: `value` null when its denominator is empty. */
export interface MetricPoint {
  value: number | null;
  breakdown?: Breakdown | null;
}

/** Evaluates a metric for several periods in one go; returns one point per period, in order. */
export type MetricQuery = (ctx: MetricContext, periods: readonly Period[]) => Promise<MetricPoint[]>;

export interface MetricDefinition {
  key: string;
  name: string;
  family: Family;
  unit: Unit;
  direction: "higher" | "lower";
  /** Plain language, with the formula and every choice made where metrics.md leaves room. */
  description: string;
  query: MetricQuery;
  /** A percentage that is not a share of a whole and may pass 100 (net revenue retention, with expansion). */
  above100?: true;
  /**
   * How far past the period's end the answer reads data (every series bucket and the previous period end
   * before it): "to", nothing at or after the end; `{ after }`, up to that outcome window past it (a case of
   * the period is settled by an event up to a window later). Unset: unbounded, any change may change it.
   * The answer cache keeps an answer across writes that reach only later instants (answer-cache.ts): a
   * bound set too short would serve a stale number, which answer-cache-consistency.int.test.ts looks for.
   */
  readsUntil?: "to" | { after: OutcomeWindow | "abandonmentWindow" };
  /** The series carries each bucket's breakdown too (NPS stacks over time); off by default to keep answers small. */
  seriesBreakdown?: boolean;
}
