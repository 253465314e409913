"use client";

import { BarChart } from "@/components/charts/lazy";
import { drawHeatmap, Heatmap, type HeatmapModel } from "@/components/charts/heatmap";
import { PREVIOUS_COLOR } from "@/lib/charts/palette";
import { formatNumber } from "@/lib/metrics/format";
import { ChartCard } from "./chart-card";
import { useDashboard } from "./dashboard-context";
import { NoData, useFileParts, useFormat } from "./metric-charts";
import { usePanelMetrics } from "./panel-data";

interface StepRow {
  step: string;
  exits: number;
  reached: number;
  exitRate: number | null;
}

const label = (key: string) => key.replaceAll("_", " ");

/** The step funnel: checkouts that reached each step, and where the abandoned ones stopped. */
export function StepFunnel() {
  const { metric } = usePanelMetrics();
  const { currency } = useDashboard();
  const format = useFormat();
  const m = metric("checkout_step_exits");
  const rows = ((m.breakdown?.rows ?? []) as StepRow[]).filter((r) => r.step);
  return (
    <ChartCard
      title="Checkout funnel"
      description={`${formatNumber(Number(m.breakdown?.checkouts ?? 0))} checkouts started: how many reached each step, and how many abandoned ones stopped there.`}
      fileParts={useFileParts("checkout-funnel")}
      table={{ columns: ["step", "reached", "exits", "exit rate %"], rows: rows.map((r) => [r.step, r.reached, r.exits, r.exitRate]) }}
      formatCell={(v, c) => (c === 0 ? label(String(v)) : c === 3 ? format(v as number | null, "percent") : format(v as number | null, "count"))}
    >
      {rows.length ? (
        <BarChart
          labels={rows.map((r) => label(r.step))}
          datasets={[
            { label: "Reached the step", data: rows.map((r) => r.reached) },
            { label: "Abandoned there", data: rows.map((r) => r.exits), color: "#d55e00" },
          ]}
          unit="count"
          currency={currency}
          horizontal
          height={Math.max(180, rows.length * 44 + 50)}
          ariaLabel="Checkout funnel by step"
        />
      ) : (
        <NoData>No checkouts in this period.</NoData>
      )}
    </ChartCard>
  );
}

/** Exit rate per step and week of start: where checkouts die, and whether that moved. */
export function StepHeatmap() {
  const { metric } = usePanelMetrics();
  const m = metric("checkout_step_exits");
  const weeks = (m.breakdown?.heatmap ?? []) as { week: string; steps: StepRow[] }[];
  const steps = ((m.breakdown?.rows ?? []) as StepRow[]).map((r) => r.step);
  const model: HeatmapModel = {
    corner: "step \\ week of",
    columns: weeks.map((w) => w.week.slice(5)),
    rows: steps.map((step) => ({
      label: label(step),
      cells: weeks.map((w) => {
        const cell = w.steps.find((s) => s.step === step);
        const value = cell?.exitRate ?? null;
        return { value, text: value === null ? "–" : `${Math.round(value)}%` };
      }),
    })),
  };
  const title = "Step exits by week";
  return (
    <ChartCard
      title={title}
      description="Exit rate of each step (abandoned there / reached it), by the week the checkout started. Darker is worse."
      fileParts={useFileParts("step-exits-by-week")}
      table={{
        columns: ["week", "step", "reached", "exits", "exit rate %"],
        rows: weeks.flatMap((w) => w.steps.map((s) => [w.week, s.step, s.reached, s.exits, s.exitRate])),
      }}
      toCanvas={() => drawHeatmap(model, title)}
    >
      {weeks.length && steps.length ? <Heatmap model={model} caption={title} /> : <NoData>No checkouts in this period.</NoData>}
    </ChartCard>
  );
}

interface Side {
  checkouts: number;
  abandoned: number;
  rate: number | null;
}

/** Abandonment of checkouts with and without a kind of view (passport, policies), previous period beside. */
export function WithWithoutChart({ metricKey, title, description, withLabel, withoutLabel }: { metricKey: string; title: string; description: string; withLabel: string; withoutLabel: string }) {
  const { metric } = usePanelMetrics();
  const { compare, currency } = useDashboard();
  const format = useFormat();
  const m = metric(metricKey);
  const sides = (b: Record<string, unknown> | null | undefined) => [(b?.withViews as Side | undefined) ?? null, (b?.withoutViews as Side | undefined) ?? null];
  const [withNow, withoutNow] = sides(m.breakdown);
  const [withBefore, withoutBefore] = sides(m.previousBreakdown);
  const labels = [withLabel, withoutLabel];
  return (
    <ChartCard
      title={title}
      description={description}
      fileParts={useFileParts(metricKey)}
      table={{
        columns: ["checkouts", "started", "abandoned", "abandonment rate %", ...(compare ? ["previous rate %"] : [])],
        rows: [
          [withLabel, withNow?.checkouts ?? 0, withNow?.abandoned ?? 0, withNow?.rate ?? null, ...(compare ? [withBefore?.rate ?? null] : [])],
          [withoutLabel, withoutNow?.checkouts ?? 0, withoutNow?.abandoned ?? 0, withoutNow?.rate ?? null, ...(compare ? [withoutBefore?.rate ?? null] : [])],
        ],
      }}
      formatCell={(v, c) => (c === 0 ? String(v) : c >= 3 ? format(v as number | null, "percent") : format(v as number | null, "count"))}
    >
      <BarChart
        labels={labels}
        datasets={[
          { label: "This period", data: [withNow?.rate ?? null, withoutNow?.rate ?? null] },
          ...(compare ? [{ label: "Previous period", data: [withBefore?.rate ?? null, withoutBefore?.rate ?? null], color: PREVIOUS_COLOR }] : []),
        ]}
        unit="percent"
        currency={currency}
        height={200}
        ariaLabel={title}
      />
    </ChartCard>
  );
}

interface VariantRow {
  variant: string;
  checkouts: number;
  abandoned: number;
  abandonmentRate: number | null;
  pValue: number | null;
}

function pText(p: number | null): string {
  if (p === null) return "control";
  if (p < 0.001) return "< 0.001";
  return p.toFixed(3);
}

/** A/B variants: abandonment per variant and the z-test p-value against the control. */
export function VariantTable() {
  const { metric } = usePanelMetrics();
  const format = useFormat();
  const m = metric("checkout_variant_abandonment");
  const rows = (m.breakdown?.rows ?? []) as VariantRow[];
  const control = m.breakdown?.control as string | undefined;
  return (
    <ChartCard
      title="Checkout experiments"
      description={control ? `Abandonment per variant against the control "${control}" (two-sided two-proportion z-test; below 0.05 is significant).` : "Abandonment per variant."}
      fileParts={useFileParts("checkout-variants")}
      table={{ columns: ["variant", "checkouts", "abandoned", "abandonment rate %", "p-value"], rows: rows.map((r) => [r.variant, r.checkouts, r.abandoned, r.abandonmentRate, r.pValue]) }}
      formatCell={(v, c) => (c === 0 ? String(v) : c === 3 ? format(v as number | null, "percent") : c === 4 ? (v === null ? "—" : String(v)) : format(v as number | null, "count"))}
    >
      {rows.length ? (
        <table className="w-full text-left text-sm tabular-nums">
          <thead>
            <tr className="text-xs text-muted">
              <th scope="col" className="py-1.5 font-medium">
                Variant
              </th>
              <th scope="col" className="py-1.5 text-right font-medium">
                Checkouts
              </th>
              <th scope="col" className="py-1.5 text-right font-medium">
                Abandonment
              </th>
              <th scope="col" className="py-1.5 text-right font-medium">
                p-value
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const significant = r.pValue !== null && r.pValue < 0.05;
              return (
                <tr key={r.variant} className="border-t border-line">
                  <th scope="row" className="py-2 font-medium">
                    {r.variant}
                    {r.variant === control && <span className="ml-2 text-xs font-normal text-muted">control</span>}
                  </th>
                  <td className="py-2 text-right">{format(r.checkouts, "count")}</td>
                  <td className="py-2 text-right">{format(r.abandonmentRate, "percent")}</td>
                  <td className={significant ? "py-2 text-right font-semibold text-brand-700" : "py-2 text-right text-muted"}>
                    {pText(r.pValue)}
                    {significant && <span className="sr-only"> (significant)</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <NoData>No checkout carried a variant in this period.</NoData>
      )}
    </ChartCard>
  );
}

/** Exit-survey answers by reason. */
export function ExitReasons() {
  const { metric } = usePanelMetrics();
  const { currency } = useDashboard();
  const format = useFormat();
  const m = metric("exit_survey_reasons");
  const rows = (m.breakdown?.rows ?? []) as { reason: string | null; count: number; percent: number | null }[];
  const named = rows.map((r) => ({ ...r, reason: r.reason ?? "no reason given" }));
  return (
    <ChartCard
      title="Why people left"
      description={`${formatNumber(Number(m.breakdown?.responses ?? 0))} exit-survey answers in the period.`}
      fileParts={useFileParts("exit-survey-reasons")}
      table={{ columns: ["reason", "answers", "share %"], rows: named.map((r) => [r.reason, r.count, r.percent]) }}
      formatCell={(v, c) => (c === 0 ? label(String(v)) : c === 2 ? format(v as number | null, "percent") : format(v as number | null, "count"))}
    >
      {named.length ? (
        <BarChart
          labels={named.map((r) => label(r.reason))}
          datasets={[{ label: "Answers", data: named.map((r) => r.count) }]}
          unit="count"
          currency={currency}
          horizontal
          height={Math.max(160, named.length * 28 + 40)}
          ariaLabel="Exit-survey reasons"
        />
      ) : (
        <NoData>No exit-survey answers in this period.</NoData>
      )}
    </ChartCard>
  );
}
