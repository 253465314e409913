import type { Metadata } from "next";
import { Suspense } from "react";
import { DashboardFrame, type DashboardPageProps } from "@/components/dashboard/dashboard-frame";
import { TrendChart } from "@/components/dashboard/metric-charts";
import { MetricSection } from "@/components/dashboard/metric-section";
import { CustomersLost, MemberValue, UnconvertedOrders } from "@/components/dashboard/stat-notes";
import { ProgramStrip } from "@/components/loyalty/program-strip";

export const metadata: Metadata = { title: "Value and loyalty" };

export default function ValuePage(props: DashboardPageProps) {
  return (
    <DashboardFrame {...props} path="/value" title="Value and loyalty" description="Revenue, repeat business, retention, recurring revenue, lifetime value and the loyalty programme.">
      {({ base, org }) => (
        <div className="space-y-6">
          <MetricSection base={base} keys={["revenue", "orders", "aov", "purchase_frequency", "new_customers"]} height={520} notice={<UnconvertedOrders />}>
            <TrendChart keys={["revenue"]} kind="bar" description="Net revenue: orders minus refunds, in the organisation's currency." />
            <TrendChart keys={["orders", "new_customers"]} title="Orders and new customers" />
          </MetricSection>
          <MetricSection base={base} keys={["repeat_purchase_rate", "repeat_service_rate", "retention_rate", "churn_rate"]} height={520} columns={3}>
            <TrendChart keys={["retention_rate", "churn_rate"]} title="Retention and churn" />
            <TrendChart keys={["repeat_purchase_rate", "repeat_service_rate"]} title="Repeat purchase and repeat service" />
            <CustomersLost />
          </MetricSection>
          <MetricSection base={base} keys={["mrr", "revenue_churn_rate", "net_revenue_retention"]} height={480}>
            <TrendChart keys={["mrr"]} description="Monthly recurring revenue of active subscriptions at the end of each interval." />
            <TrendChart keys={["revenue_churn_rate", "net_revenue_retention"]} title="Revenue churn and net revenue retention" />
          </MetricSection>
          <Suspense fallback={null}>
            <ProgramStrip orgSlug={org.slug} />
          </Suspense>
          <MetricSection base={base} keys={["loyalty_adoption_rate", "points_redemption_rate", "loyalty_member_aov_lift"]} height={480}>
            <MemberValue />
            <TrendChart keys={["loyalty_adoption_rate", "points_redemption_rate"]} title="Loyalty adoption and points redemption" />
          </MetricSection>
          <MetricSection base={base} keys={["clv_simple", "clv_historical"]} height={480}>
            <TrendChart
              keys={["clv_simple", "clv_historical"]}
              title="Customer lifetime value"
              description="Simple CLV (AOV × frequency × lifespan, over the year before) and historical CLV (net revenue per purchaser to date)."
            />
          </MetricSection>
        </div>
      )}
    </DashboardFrame>
  );
}
