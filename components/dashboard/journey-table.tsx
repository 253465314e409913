"use client";

import { Badge } from "@/components/ui/badge";
import { JOURNEY_STAGES } from "@/lib/dashboard/journey";
import { BenchmarkBadge, useTargetText } from "./benchmark-status";
import { ChartCard } from "./chart-card";
import { useFileParts, useFormat } from "./metric-charts";
import { usePanelMetrics } from "./panel-data";

/**
 * The stage table: metric, value, the organisation's target, warning sign and status, stage by stage.
 * A metric without a target shows the default of the benchmark table as a suggestion, and no status.
 */
export function JourneyTable() {
  const { metric } = usePanelMetrics();
  const format = useFormat();
  const targetText = useTargetText();
  const rows = JOURNEY_STAGES.flatMap((s) => s.metrics.map((m) => ({ stage: s.stage, ...m, result: metric(m.key) })));
  const missing = rows.filter((r) => !r.result.benchmark).length;
  return (
    <ChartCard
      title="Journey stages"
      description={
        missing
          ? `${missing} of ${rows.length} metrics have no target yet: targets live in Settings → Benchmarks, where an admin can apply the journey preset.`
          : "Each stage's metrics against your targets."
      }
      fileParts={useFileParts("journey-stages")}
      table={{
        columns: ["stage", "metric", "value", "target", "warning", "direction", "status", "warning sign"],
        rows: rows.map((r) => [r.stage, r.key, r.result.value, r.result.benchmark?.target ?? null, r.result.benchmark?.warning ?? null, r.direction, r.result.benchmark?.status ?? null, r.warningSign]),
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
                <td className="py-2.5 pr-4 whitespace-nowrap text-muted tabular-nums">
                  {r.result.benchmark ? (
                    targetText(r.result.benchmark.target, r.direction, r.result.unit)
                  ) : (
                    <span title="The benchmark table's default, not yet set for this organisation">default {targetText(r.defaultTarget, r.direction, r.result.unit)}</span>
                  )}
                </td>
                <td className="py-2.5 pr-4 text-muted">{r.warningSign}</td>
                <td className="py-2.5">{r.result.benchmark ? <BenchmarkBadge status={r.result.benchmark.status} /> : <Badge>No target</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartCard>
  );
}
