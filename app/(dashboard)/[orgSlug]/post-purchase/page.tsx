import type { Metadata } from "next";
import { DashboardFrame, type DashboardPageProps } from "@/components/dashboard/dashboard-frame";
import { KpiGrid, TrendChart } from "@/components/dashboard/metric-charts";
import { Panel } from "@/components/dashboard/panel";
import { ContactCosts } from "@/components/dashboard/stat-notes";

export const metadata: Metadata = { title: "Post-purchase" };

const KEYS = ["wismo_rate", "wismr_rate", "tracking_clicks_per_order", "email_click_through_per_order"];

export default function PostPurchasePage(props: DashboardPageProps) {
  return (
    <DashboardFrame {...props} path="/post-purchase" title="Post-purchase" description="“Where is my order?” and “where is my refund?” contacts, what they cost, and how customers follow their orders.">
      {({ base }) => (
        <Panel input={{ ...base, keys: KEYS }} height={640}>
          <div className="space-y-4">
            <KpiGrid keys={KEYS} />
            <div className="grid gap-4 lg:grid-cols-2">
              <TrendChart keys={["wismo_rate", "wismr_rate"]} title="WISMO and WISMR contacts" description="Contacts per 100 orders (WISMO) and per 100 orders with a return (WISMR)." />
              <ContactCosts />
              <TrendChart keys={["tracking_clicks_per_order"]} kind="bar" />
              <TrendChart keys={["email_click_through_per_order"]} />
            </div>
          </div>
        </Panel>
      )}
    </DashboardFrame>
  );
}
