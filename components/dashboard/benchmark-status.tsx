"use client";

import { Badge } from "@/components/ui/badge";
import { STATUS_LABELS, type Benchmark, type BenchmarkStatus, type Direction } from "@/lib/benchmarks/status";
import { useFormat } from "./metric-charts";

const TONES: Record<BenchmarkStatus, "brand" | "warning" | "danger"> = { on_track: "brand", warning: "warning", off_track: "danger" };

/** "On track", "Warning", "Off track", or "No data" when the period has no value to judge. */
export function BenchmarkBadge({ status }: { status: BenchmarkStatus | null }) {
  return (
    <span data-benchmark-status={status ?? "no_data"}>
      <Badge tone={status ? TONES[status] : "neutral"}>{status ? STATUS_LABELS[status] : "No data"}</Badge>
    </span>
  );
}

/** "≥ 80 %" for a higher-is-better target, "≤ 24 h" for a lower one. */
export function useTargetText(): (value: number, direction: Direction, unit: string) => string {
  const format = useFormat();
  return (value, direction, unit) => `${direction === "higher" ? "≥" : "≤"} ${format(value, unit)}`;
}

/** The KPI card's line under the value: status badge and target. */
export function BenchmarkLine({ benchmark, direction, unit }: { benchmark: Benchmark; direction: Direction; unit: string }) {
  const targetText = useTargetText();
  return (
    <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted">
      <BenchmarkBadge status={benchmark.status} />
      <span>Target {targetText(benchmark.target, direction, unit)}</span>
    </p>
  );
}
