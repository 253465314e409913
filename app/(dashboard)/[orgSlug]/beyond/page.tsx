import type { Metadata } from "next";
import { DashboardFrame, type DashboardPageProps } from "@/components/dashboard/dashboard-frame";
import { EngagementSegmentLinks } from "@/components/dashboard/engagement-segment-links";
import { BreakdownChart, TrendChart } from "@/components/dashboard/metric-charts";
import { MetricSection } from "@/components/dashboard/metric-section";
import { StackedSeries } from "@/components/dashboard/stacked-series";

export const metadata: Metadata = { title: "Beyond the sale" };

export default function BeyondPage(props: DashboardPageProps) {
  return (
    <DashboardFrame {...props} path="/beyond" title="Beyond the sale" description="Passports, repair, resale, recycling, content and referrals: how customers engage after they buy.">
      {({ base }) => (
        <div className="space-y-6">
          <EngagementSegmentLinks />
          <MetricSection base={base} keys={["sustainability_engagement_rate", "lifecycle_interactions", "dpp_access_frequency", "dpp_feedback_score"]} height={640}>
                <TrendChart keys={["sustainability_engagement_rate"]} />
                <StackedSeries metricKey="lifecycle_interactions" path="byType" title="Lifecycle interactions by type" description="Repair, maintenance, resale, take-back and recycling events over time." />
                <TrendChart keys={["dpp_access_frequency"]} kind="bar" description="Passport views per customer who viewed one." />
                <TrendChart keys={["dpp_feedback_score"]} description="Mean answer to the passport feedback survey (1-5)." />
          </MetricSection>
          <MetricSection base={base} keys={["repair_activity_rate", "end_of_life_action_rate", "referral_rate", "repeat_sustainable_purchases", "sustainable_ltv_lift", "sustainable_order_share"]} height={560}>
                <TrendChart keys={["repair_activity_rate", "end_of_life_action_rate"]} title="Repair and end-of-life action" />
                <TrendChart keys={["referral_rate"]} />
          </MetricSection>
          <MetricSection base={base} keys={["content_engagement_rate"]} height={380}>
                <BreakdownChart metricKey="content_engagement_rate" path="byContentType" field="percent" unit="percent" title="Content engagement by type" description="Share of the customer base who engaged with each kind of content." />
                <BreakdownChart metricKey="content_engagement_rate" path="byTopic" field="percent" unit="percent" title="Content engagement by topic" description="The same, by topic." />
          </MetricSection>
        </div>
      )}
    </DashboardFrame>
  );
}
