import type { Metadata } from "next";
import { CohortHeatmap } from "@/components/dashboard/cohort-heatmap";
import { DashboardFrame, type DashboardPageProps } from "@/components/dashboard/dashboard-frame";
import { Panel } from "@/components/dashboard/panel";

export const metadata: Metadata = { title: "Cohorts" };

export default function CohortsPage(props: DashboardPageProps) {
  return (
    <DashboardFrame
      {...props}
      path="/cohorts"
      defaultRange="12m"
      controls={{ interval: false, compare: false, segment: true }}
      title="Cohorts"
      description="Customers grouped by the month of their first order in the range: who comes back, and what they are worth, month by month."
    >
      {({ base }) => (
        <Panel input={{ ...base, compare: false, interval: null, keys: ["cohort_retention"] }} height={700}>
          <div className="space-y-4">
            <CohortHeatmap measure="retention" />
            <CohortHeatmap measure="revenue" />
          </div>
        </Panel>
      )}
    </DashboardFrame>
  );
}
