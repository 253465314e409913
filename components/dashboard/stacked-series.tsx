"use client";

import { BarChart } from "@/components/charts/lazy";
import { bucketDay, bucketLabel } from "@/lib/dashboard/labels";
import { ChartCard } from "./chart-card";
import { useDashboard } from "./dashboard-context";
import { NoData, useFileParts, useFormat } from "./metric-charts";
import { usePanelMetrics } from "./panel-data";

export interface StackPart {
  label: string;
  /** Path to the number in each bucket's breakdown: ["promoters", "count"]. */
  path: string[];
  color?: string;
}

function at(breakdown: unknown, path: readonly string[]): number | null {
  let value: unknown = breakdown;
  for (const key of path) value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === "number" ? value : null;
}

/**
 * A metric's series as stacked bars of its parts per bucket: lifecycle interactions by type, NPS
 * promoters/passives/detractors. Parts are named (`parts`) or are every key under `path`.
 */
export function StackedSeries({ metricKey, title, description, parts, path, unit = "count", max }: { metricKey: string; title: string; description?: string; parts?: StackPart[]; path?: string; unit?: string; max?: number }) {
  const { metric } = usePanelMetrics();
  const { timeZone, interval, currency } = useDashboard();
  const format = useFormat();
  const m = metric(metricKey);
  const series = m.series ?? [];
  const resolved: StackPart[] =
    parts ??
    [...new Set(series.flatMap((p) => Object.keys(((p.breakdown as Record<string, unknown> | null)?.[path ?? ""] as object | undefined) ?? {})))]
      .sort()
      .map((key) => ({ label: key.replaceAll("_", " ").replaceAll(".", " "), path: [path ?? "", key] }));
  const rows = series.map((p) => resolved.map((part) => at(p.breakdown, part.path)));
  return (
    <ChartCard
      title={title}
      description={description}
      fileParts={useFileParts(`${metricKey}-by-part`)}
      table={{ columns: ["period start", ...resolved.map((p) => p.label)], rows: series.map((p, i) => [bucketDay(p.start, timeZone), ...rows[i]!]) }}
      formatCell={(v, c) => (c === 0 ? String(v) : format(v as number | null, unit))}
    >
      {series.length && resolved.length ? (
        <BarChart
          labels={series.map((p) => bucketLabel(p.start, interval, timeZone))}
          datasets={resolved.map((part, j) => ({ label: part.label, data: rows.map((r) => r[j] ?? null), color: part.color }))}
          unit={unit}
          currency={currency}
          stacked
          max={max}
          ariaLabel={title}
        />
      ) : (
        <NoData />
      )}
    </ChartCard>
  );
}
