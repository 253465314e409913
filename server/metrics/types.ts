import type { MetricContext } from "./context";
import type { Period } from "./period";

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
  /** The series carries each bucket's breakdown too (NPS stacks over time); off by default to keep answers small. */
  seriesBreakdown?: boolean;
}
