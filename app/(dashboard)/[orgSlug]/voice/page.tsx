import type { Metadata } from "next";
import { CommentsList } from "@/components/dashboard/comments-list";
import { DashboardFrame, type DashboardPageProps } from "@/components/dashboard/dashboard-frame";
import { BreakdownChart, TrendChart } from "@/components/dashboard/metric-charts";
import { MetricSection } from "@/components/dashboard/metric-section";
import { StackedSeries } from "@/components/dashboard/stacked-series";

export const metadata: Metadata = { title: "Voice of the customer" };

export default function VoicePage(props: DashboardPageProps) {
  return (
    <DashboardFrame {...props} path="/voice" title="Voice of the customer" description="Net Promoter Score, effort and satisfaction, who answers, and what they say.">
      {({ base }) => (
        <MetricSection base={base} keys={["nps", "ces", "csat", "survey_response_rate"]} comments height={900}>
              <TrendChart keys={["nps"]} description="% promoters (9-10) minus % detractors (0-6), from -100 to 100." />
              <StackedSeries
                metricKey="nps"
                title="Promoters, passives and detractors"
                description="Share of NPS answers in each group."
                unit="percent"
                max={100}
                parts={[
                  { label: "Promoters", path: ["promoters", "percent"], color: "#17734f" },
                  { label: "Passives", path: ["passives", "percent"], color: "#9aa5a0" },
                  { label: "Detractors", path: ["detractors", "percent"], color: "#d55e00" },
                ]}
              />
              <TrendChart keys={["ces"]} description="Mean customer effort score (1-7, higher is easier)." />
              <TrendChart keys={["csat"]} description="Share of satisfaction answers of 4 or 5 (out of 5)." />
              <BreakdownChart metricKey="survey_response_rate" path="byKind" field="rate" unit="percent" title="Response rate by survey" description="Surveys answered within 7 days of being sent, by kind." />
              <CommentsList />
        </MetricSection>
      )}
    </DashboardFrame>
  );
}
