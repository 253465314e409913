/**
 * Benchmark status, shared by the API, the dashboards and the settings page. A target says where a
 * metric should be; the warning threshold says how far on the wrong side of it is still only a warning.
 * For a "higher is better" metric the warning sits at or below the target; for "lower" at or above it.
 */
export type Direction = "higher" | "lower";

export const BENCHMARK_STATUSES = ["on_track", "warning", "off_track"] as const;
export type BenchmarkStatus = (typeof BENCHMARK_STATUSES)[number];

export interface Threshold {
  target: number;
  warning: number;
}

export interface Benchmark extends Threshold {
  /** null when the metric has no value for the period (an empty denominator): nothing to judge. */
  status: BenchmarkStatus | null;
}

export const STATUS_LABELS: Record<BenchmarkStatus, string> = {
  on_track: "On track",
  warning: "Warning",
  off_track: "Off track",
};

/**
 * On track when the target is reached (the target itself included); a warning when the value misses
 * the target but reaches the warning threshold (itself included); off track beyond it.
 */
export function benchmarkStatus(value: number | null, threshold: Threshold, direction: Direction): BenchmarkStatus | null {
  if (value === null || !Number.isFinite(value)) return null;
  const { target, warning } = threshold;
  if (direction === "higher") return value >= target ? "on_track" : value >= warning ? "warning" : "off_track";
  return value <= target ? "on_track" : value <= warning ? "warning" : "off_track";
}

export function benchmarkOf(value: number | null, threshold: Threshold | undefined, direction: Direction): Benchmark | null {
  return threshold ? { ...threshold, status: benchmarkStatus(value, threshold, direction) } : null;
}

/** A warning threshold on the right side of the target, or a message that says why not. */
export function thresholdProblem(threshold: Threshold, direction: Direction): string | null {
  if (direction === "higher" && threshold.warning > threshold.target) {
    return "Higher is better for this metric: the warning threshold must be at or below the target.";
  }
  if (direction === "lower" && threshold.warning < threshold.target) {
    return "Lower is better for this metric: the warning threshold must be at or above the target.";
  }
  return null;
}

/** The share of the target that the presets and the settings form suggest as the warning band. */
export const DEFAULT_WARNING_MARGIN = 0.1;

/** The suggested warning threshold: 10 % of the target on the wrong side, rounded to 4 decimals. */
export function suggestedWarning(target: number, direction: Direction): number {
  const margin = Math.abs(target) * DEFAULT_WARNING_MARGIN;
  return Math.round((direction === "higher" ? target - margin : target + margin) * 10_000) / 10_000;
}
