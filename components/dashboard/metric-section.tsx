import "server-only";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import type { PanelBase } from "./dashboard-frame";
import { KpiGrid } from "./metric-charts";
import { Panel } from "./panel";

/**
 * The usual shape of a dashboard section: one panel reading `keys`, their KPI cards, and the charts
 * of those metrics in a grid below.
 */
export function MetricSection({
  base,
  keys,
  kpis = keys,
  height,
  columns = 2,
  comments,
  notice,
  children,
}: {
  base: PanelBase;
  keys: readonly string[];
  /** The KPI cards shown (default: every key; [] for none). */
  kpis?: readonly string[];
  /** Of the skeleton while the panel loads. */
  height: number;
  columns?: 2 | 3;
  comments?: boolean;
  /** A line between the KPI cards and the charts (a client component reading the panel; it may render nothing). */
  notice?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Panel input={{ ...base, keys: [...keys] }} height={height} comments={comments}>
      <div className="space-y-4">
        {kpis.length > 0 && <KpiGrid keys={kpis} />}
        {notice}
        {children && <div className={cn("grid gap-4", columns === 3 ? "lg:grid-cols-3" : "lg:grid-cols-2")}>{children}</div>}
      </div>
    </Panel>
  );
}
