"use client";

import Link from "next/link";
import { BarChart, LineChart, Sparkline, type Dataset } from "@/components/charts/lazy";
import { PALETTE, PREVIOUS_COLOR, TARGET_COLOR, WARNING_COLOR } from "@/lib/charts/palette";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { bucketDay, bucketLabel } from "@/lib/dashboard/labels";
import { formatChange, formatMetricValue, formatNumber } from "@/lib/metrics/format";
import { BenchmarkLine } from "./benchmark-status";
import { ChartCard } from "./chart-card";
import { KPI_GRID } from "./grid";
import { useDashboard } from "./dashboard-context";
import { usePanelMetrics, type MetricResult } from "./panel-data";

const TONE_CLASSES = { better: "text-brand-700", worse: "text-danger-600", flat: "text-muted", none: "text-muted" } as const;

/** File-name parts of a chart's exports: organisation, chart, range. */
export function useFileParts(name: string): string[] {
  const { orgSlug, from, through } = useDashboard();
  return [orgSlug, name, from, "to", through];
}

/** "52.1 %" with the organisation's currency for money. */
export function useFormat(): (value: number | null | undefined, unit: string) => string {
  const { currency } = useDashboard();
  return (value, unit) => formatMetricValue(value, unit, currency);
}

function ChangeLine({ metric }: { metric: MetricResult }) {
  const format = useFormat();
  const { text, tone } = formatChange(metric);
  return (
    <p className="text-xs">
      <span className={cn("font-medium", TONE_CLASSES[tone])}>{text}</span>
      <span className="text-muted"> vs {format(metric.previous, metric.unit)} before</span>
    </p>
  );
}

/** Why a KPI has no value: its denominator is empty, or every case is still inside its outcome window. */
function emptyReason(metric: MetricResult): string {
  const pending = Number(metric.breakdown?.pending ?? 0);
  return pending > 0 ? `${formatNumber(pending)} still inside their outcome window` : "Not enough data in this period";
}

/** One KPI: value, change against the previous period, sparkline; the card links to its family page. */
export function KpiCard({ metric, href, eyebrow }: { metric: MetricResult; href?: string; eyebrow?: string }) {
  const { compare } = useDashboard();
  const format = useFormat();
  const body = (
    <Card className={cn("flex h-full min-w-0 flex-col gap-1 p-4", href && "transition-colors hover:border-brand-500")} data-metric={metric.key}>
      {eyebrow && <p className="text-[11px] font-medium tracking-wide text-brand-700 uppercase">{eyebrow}</p>}
      <p className="text-xs font-medium text-muted">{metric.name}</p>
      <p className="text-2xl font-semibold tracking-tight tabular-nums" data-testid={`kpi-${metric.key}`}>
        {format(metric.value, metric.unit)}
      </p>
      {metric.value === null ? <p className="text-xs text-muted">{emptyReason(metric)}</p> : compare && <ChangeLine metric={metric} />}
      {metric.benchmark && <BenchmarkLine benchmark={metric.benchmark} direction={metric.direction} unit={metric.unit} />}
      <div className="mt-auto pt-1">
        <Sparkline values={(metric.series ?? []).map((p) => p.value)} />
      </div>
    </Card>
  );
  return href ? (
    <Link href={href} className="block rounded-xl" aria-label={`${metric.name}: ${format(metric.value, metric.unit)}. Open its page.`}>
      {body}
    </Link>
  ) : (
    body
  );
}

/** The house KPI grid; `flow` lets several panels' cards flow into one grid (the overview). */
export function KpiGrid({ keys, hrefFor, eyebrow, flow = false }: { keys: readonly string[]; hrefFor?: (metric: MetricResult) => string | undefined; eyebrow?: string; flow?: boolean }) {
  const { metric } = usePanelMetrics();
  return (
    <div className={flow ? "contents" : KPI_GRID}>
      {keys.map((key) => {
        const m = metric(key);
        return <KpiCard key={key} metric={m} href={hrefFor?.(m)} eyebrow={eyebrow} />;
      })}
    </div>
  );
}

const FLAT_TARGET_UNITS = new Set(["percent", "ratio", "score", "hours"]);

/** Series of one or more metrics of one unit, as a line or bars, with its table and downloads. */
export function TrendChart({
  keys,
  title,
  description,
  kind = "line",
  name,
}: {
  keys: readonly string[];
  title?: string;
  description?: string;
  kind?: "line" | "bar";
  name?: string;
}) {
  const { metric } = usePanelMetrics();
  const { timeZone, interval, currency } = useDashboard();
  const metrics = keys.map(metric);
  const first = metrics[0]!;
  const format = useFormat();
  const series = first.series ?? [];
  const labels = series.map((p) => bucketLabel(p.start, interval, timeZone));
  const datasets: Dataset[] = metrics.map((m) => ({ label: m.name, data: (m.series ?? []).map((p) => p.value) }));
  // Targets as flat dashed lines: a single metric's with its warning threshold; on a chart of several,
  // each metric's target in the metric's own colour. Only for rates, averages and scores: a target for a
  // total (orders, revenue) is one for the whole period, and drawn across daily buckets it would say
  // every day misses it.
  if (kind === "line" && series.length && metrics.every((m) => FLAT_TARGET_UNITS.has(m.unit))) {
    const flat = (value: number) => series.map(() => value);
    if (metrics.length === 1 && first.benchmark) {
      datasets.push({ label: "Target", data: flat(first.benchmark.target), color: TARGET_COLOR, dashed: true });
      if (first.benchmark.warning !== first.benchmark.target) datasets.push({ label: "Warning", data: flat(first.benchmark.warning), color: WARNING_COLOR, dashed: true });
    } else {
      metrics.forEach((m, i) => {
        if (m.benchmark) datasets.push({ label: `${m.name} target`, data: flat(m.benchmark.target), color: PALETTE[i % PALETTE.length], dashed: true });
      });
    }
  }
  const chartTitle = title ?? first.name;
  const summary = metrics.map((m) => `${m.name} ${format(m.value, m.unit)}`).join(", ");
  const Chart = kind === "bar" ? BarChart : LineChart;
  return (
    <ChartCard
      title={chartTitle}
      description={description ?? summary}
      fileParts={useFileParts(name ?? keys.join("-"))}
      table={{ columns: ["period start", ...metrics.map((m) => m.key)], rows: series.map((p, i) => [bucketDay(p.start, timeZone), ...metrics.map((m) => m.series?.[i]?.value ?? null)]) }}
      formatCell={(v, c) => (c === 0 ? String(v) : format(v as number | null, first.unit))}
    >
      <Chart labels={labels} datasets={datasets} unit={first.unit} currency={currency} ariaLabel={`${chartTitle} by ${interval}`} />
    </ChartCard>
  );
}

/** A breakdown's categories (by type, nudge, channel…) as bars, the previous period beside them. */
export function BreakdownChart({
  metricKey,
  path,
  field,
  unit,
  title,
  description,
  labelOf = (k) => k.replaceAll("_", " ").replaceAll(".", " "),
  horizontal = true,
  name,
}: {
  metricKey: string;
  /** Where the categories are in the breakdown ("byType"). */
  path: string;
  /** For categories that are objects, the number to draw ("rate"). */
  field?: string;
  unit: string;
  title: string;
  description?: string;
  labelOf?: (key: string) => string;
  horizontal?: boolean;
  name?: string;
}) {
  const { metric } = usePanelMetrics();
  const { compare, currency } = useDashboard();
  const format = useFormat();
  const m = metric(metricKey);
  const pick = (breakdown: Record<string, unknown> | null | undefined) => {
    const group = (breakdown?.[path] ?? {}) as Record<string, unknown>;
    return new Map(Object.entries(group).map(([k, v]) => [k, field ? ((v as Record<string, number | null>)?.[field] ?? null) : (v as number | null)]));
  };
  const now = pick(m.breakdown);
  const before = pick(m.previousBreakdown);
  const categories = [...now.keys()].sort((a, b) => (now.get(b) ?? 0) - (now.get(a) ?? 0));
  const datasets: Dataset[] = [{ label: "This period", data: categories.map((c) => now.get(c) ?? null) }];
  if (compare) datasets.push({ label: "Previous period", data: categories.map((c) => before.get(c) ?? null), color: PREVIOUS_COLOR });
  return (
    <ChartCard
      title={title}
      description={description}
      fileParts={useFileParts(name ?? `${metricKey}-${path}`)}
      table={{ columns: [path, "value", ...(compare ? ["previous"] : [])], rows: categories.map((c) => [c, now.get(c) ?? null, ...(compare ? [before.get(c) ?? null] : [])]) }}
      formatCell={(v, c) => (c === 0 ? labelOf(String(v)) : format(v as number | null, unit))}
    >
      {categories.length ? (
        <BarChart
          labels={categories.map(labelOf)}
          datasets={datasets}
          unit={unit}
          currency={currency}
          horizontal={horizontal}
          height={Math.max(160, categories.length * (compare ? 34 : 26) + 50)}
          ariaLabel={title}
        />
      ) : (
        <NoData />
      )}
    </ChartCard>
  );
}

export function NoData({ children = "Nothing in this period." }: { children?: string }) {
  return <p className="flex h-32 items-center justify-center text-sm text-muted">{children}</p>;
}
