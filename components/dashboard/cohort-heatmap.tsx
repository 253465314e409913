"use client";

import { drawHeatmap, Heatmap, type HeatmapModel } from "@/components/charts/heatmap";
import { formatMetricValue } from "@/lib/metrics/format";
import { ChartCard } from "./chart-card";
import { useDashboard } from "./dashboard-context";
import { NoData, useFileParts } from "./metric-charts";
import { usePanelMetrics } from "./panel-data";

interface CohortRow {
  cohort: string;
  size: number;
  customers: number[];
  retention: number[];
  revenuePerCustomer: number[];
}

/** Month of first order x months since: the share who ordered again, or net revenue per cohort customer. */
export function CohortHeatmap({ measure }: { measure: "retention" | "revenue" }) {
  const { metric } = usePanelMetrics();
  const { currency } = useDashboard();
  const rows = (metric("cohort_retention").breakdown?.rows ?? []) as CohortRow[];
  const months = Math.max(0, ...rows.map((r) => r.customers.length));
  const title = measure === "retention" ? "Cohort retention" : "Revenue per cohort customer";
  const model: HeatmapModel = {
    corner: "first order \\ month",
    columns: Array.from({ length: months }, (_, i) => String(i)),
    rows: rows.map((r) => ({
      label: `${r.cohort} (${r.size})`,
      cells: Array.from({ length: months }, (_, i) => {
        const value = measure === "retention" ? (r.retention[i] ?? null) : (r.revenuePerCustomer[i] ?? null);
        if (value === null) return { value: null, text: "" };
        // Month 0 is the first order itself (100 % by definition): left off the colour scale, or it would flatten the rest.
        return { value: i === 0 ? null : value, text: measure === "retention" ? `${(value * 100).toFixed(i === 0 ? 0 : 1)}%` : formatMetricValue(value, "money", currency, { whole: true }) };
      }),
    })),
  };
  return (
    <ChartCard
      title={title}
      description={
        measure === "retention"
          ? "Customers by the month of their first order (size in brackets): the share who ordered in each month since. Month 0 is the first month."
          : "Net revenue (orders minus refunds) in each month since the first, per customer of the cohort."
      }
      fileParts={useFileParts(measure === "retention" ? "cohort-retention" : "cohort-revenue")}
      table={{
        columns: ["cohort", "size", "months since", "customers", "retention", "revenue per customer"],
        rows: rows.flatMap((r) => r.customers.map((c, i) => [r.cohort, r.size, i, c, r.retention[i] ?? null, r.revenuePerCustomer[i] ?? null])),
      }}
      toCanvas={() => drawHeatmap(model, title)}
    >
      {rows.length ? <Heatmap model={model} caption={title} /> : <NoData>No first orders in this period.</NoData>}
    </ChartCard>
  );
}
