"use client";

import { Badge } from "@/components/ui/badge";
import { JOURNEY_STAGES, targetStatus, type TargetStatus } from "@/lib/dashboard/journey";
import { ChartCard } from "./chart-card";
import { useFileParts, useFormat } from "./metric-charts";
import { usePanelMetrics } from "./panel-data";

const STATUS: Record<TargetStatus, { label: string; tone: "brand" | "warning" | "danger" | "neutral" }> = {
  on_track: { label: "On track", tone: "brand" },
  warning: { label: "Warning", tone: "warning" },
  off_track: { label: "Off track", tone: "danger" },
  no_data: { label: "No data", tone: "neutral" },
};

/** The stage table: metric, value, target, warning sign and status, stage by stage. */
export function JourneyTable() {
  const { metric } = usePanelMetrics();
  const format = useFormat();
  const rows = JOURNEY_STAGES.flatMap((s) =>
    s.metrics.map((m) => {
      const result = metric(m.key);
      return { stage: s.stage, ...m, result, status: targetStatus(result.value, m.target, m.comparison) };
    }),
  );
  const targetText = (r: (typeof rows)[number]) => `${r.comparison === "at_least" ? "≥" : "≤"} ${format(r.target, r.result.unit)}`;
  return (
    <ChartCard
      title="Journey stages"
      description="Each stage's metrics against the default targets of the benchmark table (a warning within 10 % of the target)."
      fileParts={useFileParts("journey-stages")}
      table={{
        columns: ["stage", "metric", "value", "target", "comparison", "status", "warning sign"],
        rows: rows.map((r) => [r.stage, r.key, r.result.value, r.target, r.comparison, r.status, r.warningSign]),
      }}
    >
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="text-xs text-muted">
              {["Stage", "Metric", "Value", "Target", "Warning sign", "Status"].map((h) => (
                <th key={h} scope="col" className="py-2 pr-4 font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.key} className="border-t border-line align-top" data-metric={r.key}>
                <td className="py-2.5 pr-4 font-medium">{i === 0 || rows[i - 1]!.stage !== r.stage ? r.stage : ""}</td>
                <th scope="row" className="py-2.5 pr-4 font-normal">
                  {r.result.name}
                </th>
                <td className="py-2.5 pr-4 font-semibold tabular-nums">{format(r.result.value, r.result.unit)}</td>
                <td className="py-2.5 pr-4 whitespace-nowrap text-muted tabular-nums">{targetText(r)}</td>
                <td className="py-2.5 pr-4 text-muted">{r.warningSign}</td>
                <td className="py-2.5">
                  <Badge tone={STATUS[r.status].tone}>{STATUS[r.status].label}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartCard>
  );
}
