import type { Metadata } from "next";
import { DashboardFrame, type DashboardPageProps } from "@/components/dashboard/dashboard-frame";
import { KpiSection } from "@/components/dashboard/kpi-section";
import { KPI_GRID } from "@/components/dashboard/grid";
import { Panel } from "@/components/dashboard/panel";
import { OVERVIEW_SECTIONS } from "@/server/metrics/overview";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage(props: DashboardPageProps) {
  return (
    <DashboardFrame {...props} path="" title={(org) => org.name} description="Overview: the headline number of each family against the period before. Open a card for its page.">
      {({ base }) => (
        <div className={KPI_GRID}>
          {OVERVIEW_SECTIONS.map((section) => (
            <Panel key={section.title} className="contents" input={{ ...base, keys: [...section.keys] }} height={150}>
              <KpiSection title={section.title} keys={section.keys} />
            </Panel>
          ))}
        </div>
      )}
    </DashboardFrame>
  );
}
