import type { Metadata } from "next";
import { DashboardFrame, type DashboardPageProps } from "@/components/dashboard/dashboard-frame";
import { KpiGrid, TrendChart } from "@/components/dashboard/metric-charts";
import { Panel } from "@/components/dashboard/panel";
import { CustomersLost, MemberValue } from "@/components/dashboard/stat-notes";

export const metadata: Metadata = { title: "Value and loyalty" };

const SALES = ["revenue", "orders", "aov", "purchase_frequency", "new_customers"];
const RETENTION = ["repeat_purchase_rate", "repeat_service_rate", "retention_rate", "churn_rate"];
const RECURRING = ["mrr", "revenue_churn_rate", "net_revenue_retention"];
const LIFETIME = ["clv_simple", "clv_historical"];
const LOYALTY = ["loyalty_adoption_rate", "points_redemption_rate", "loyalty_member_aov_lift"];

export default function ValuePage(props: DashboardPageProps) {
  return (
    <DashboardFrame {...props} path="/value" title="Value and loyalty" description="Revenue, repeat business, retention, recurring revenue, lifetime value and the loyalty programme.">
      {({ base }) => (
        <div className="space-y-6">
          <Panel input={{ ...base, keys: SALES }} height={520}>
            <div className="space-y-4">
              <KpiGrid keys={SALES} />
              <div className="grid gap-4 lg:grid-cols-2">
                <TrendChart keys={["revenue"]} kind="bar" description="Net revenue: orders minus refunds, in the organisation's currency." />
                <TrendChart keys={["orders", "new_customers"]} title="Orders and new customers" />
              </div>
            </div>
          </Panel>
          <Panel input={{ ...base, keys: RETENTION }} height={520}>
            <div className="space-y-4">
              <KpiGrid keys={RETENTION} />
              <div className="grid gap-4 lg:grid-cols-3">
                <TrendChart keys={["retention_rate", "churn_rate"]} title="Retention and churn" />
                <TrendChart keys={["repeat_purchase_rate", "repeat_service_rate"]} title="Repeat purchase and repeat service" />
                <CustomersLost />
              </div>
            </div>
          </Panel>
          <Panel input={{ ...base, keys: RECURRING }} height={480}>
            <div className="space-y-4">
              <KpiGrid keys={RECURRING} />
              <div className="grid gap-4 lg:grid-cols-2">
                <TrendChart keys={["mrr"]} description="Monthly recurring revenue of active subscriptions at the end of each interval." />
                <TrendChart keys={["revenue_churn_rate", "net_revenue_retention"]} title="Revenue churn and net revenue retention" />
              </div>
            </div>
          </Panel>
          <Panel input={{ ...base, keys: LOYALTY }} height={480}>
            <div className="space-y-4">
              <KpiGrid keys={LOYALTY} />
              <div className="grid gap-4 lg:grid-cols-2">
                <MemberValue />
                <TrendChart keys={["loyalty_adoption_rate", "points_redemption_rate"]} title="Loyalty adoption and points redemption" />
              </div>
            </div>
          </Panel>
          <Panel input={{ ...base, keys: LIFETIME }} height={480}>
            <div className="space-y-4">
              <KpiGrid keys={LIFETIME} />
              <TrendChart keys={LIFETIME} title="Customer lifetime value" description="Simple CLV (AOV × frequency × lifespan, over the year before) and historical CLV (net revenue per purchaser to date)." />
            </div>
          </Panel>
        </div>
      )}
    </DashboardFrame>
  );
}
