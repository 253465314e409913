import "server-only";
import type { MetricContext } from "./context";
import { bucketsOf, previousPeriod, type Interval, type Period } from "./period";
import { withSegmentMembers } from "./segment";
import type { Breakdown, MetricDefinition } from "./types";

export interface SeriesPoint {
  start: string;
  end: string;
  value: number | null;
  /** Only for metrics whose catalog entry asks for it (NPS: the promoter/passive/detractor stack per bucket). */
  breakdown?: Breakdown | null;
}

export interface MetricResult {
  key: string;
  name: string;
  family: string;
  unit: string;
  direction: "higher" | "lower";
  value: number | null;
  previous: number | null;
  change: number | null;
  changePct: number | null;
  series: SeriesPoint[] | null;
  breakdown: Breakdown | null;
  previousBreakdown?: Breakdown | null;
}

/** Rounds away float noise for the answer; sums and ratios are computed unrounded. */
export function round(value: number | null, digits = 4): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

export function changeOf(value: number | null, previous: number | null): { change: number | null; changePct: number | null } {
  if (value === null || previous === null) return { change: null, changePct: null };
  const change = value - previous;
  return { change, changePct: previous === 0 ? null : (100 * change) / Math.abs(previous) };
}

/**
 * Breakdown numbers get 4 decimals, except p-values: significance lives in their tiny values
 * (3.7e-19 must not become 0), so they keep 6 significant digits.
 */
function roundBreakdown(breakdown: unknown, key = ""): unknown {
  if (typeof breakdown === "number") return key === "pValue" ? Number(breakdown.toPrecision(6)) : round(breakdown);
  if (Array.isArray(breakdown)) return breakdown.map((v) => roundBreakdown(v));
  if (breakdown && typeof breakdown === "object") {
    return Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, roundBreakdown(v, k)]));
  }
  return breakdown;
}

export interface EvaluateOptions {
  interval?: Interval | null;
  compare?: boolean;
}

/**
 * One metric for a period: its value, the previous period's (metrics.md "Previous period"), the
 * change, and a gap-filled series. The metric's query sees every period at once.
 */
export async function evaluateMetric(ctx: MetricContext, metric: MetricDefinition, period: Period, options: EvaluateOptions = {}): Promise<MetricResult> {
  // A table (step exits, reasons, cohorts) has no single value to compare or draw over time.
  const table = metric.unit === "table";
  const compare = !table && (options.compare ?? true);
  const interval = table ? null : options.interval;
  const buckets = interval ? bucketsOf(period, interval, ctx.settings.timeZone) : [];
  const periods = [period, ...(compare ? [previousPeriod(period, ctx.settings.timeZone)] : []), ...buckets];
  const points = await metric.query(await withSegmentMembers(ctx), periods);
  const current = points[0]!;
  const previous = compare ? points[1]! : null;
  const seriesPoints = points.slice(compare ? 2 : 1);
  const { change, changePct } = changeOf(current.value, previous?.value ?? null);
  return {
    key: metric.key,
    name: metric.name,
    family: metric.family,
    unit: metric.unit,
    direction: metric.direction,
    value: round(current.value),
    previous: round(previous?.value ?? null),
    change: round(change),
    changePct: round(changePct, 2),
    series: interval
      ? buckets.map((b, i) => ({
          start: b.from.toISOString(),
          end: b.to.toISOString(),
          value: round(seriesPoints[i]!.value),
          ...(metric.seriesBreakdown ? { breakdown: (roundBreakdown(seriesPoints[i]!.breakdown ?? null) as Breakdown | null) ?? null } : {}),
        }))
      : null,
    breakdown: (roundBreakdown(current.breakdown ?? null) as Breakdown | null) ?? null,
    previousBreakdown: compare ? ((roundBreakdown(previous?.breakdown ?? null) as Breakdown | null) ?? null) : undefined,
  };
}
