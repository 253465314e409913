import type { Metadata } from "next";
import { DashboardFrame, type DashboardPageProps } from "@/components/dashboard/dashboard-frame";
import { TrendChart } from "@/components/dashboard/metric-charts";
import { MetricSection } from "@/components/dashboard/metric-section";
import { ContactCosts } from "@/components/dashboard/stat-notes";

export const metadata: Metadata = { title: "Post-purchase" };

export default function PostPurchasePage(props: DashboardPageProps) {
  return (
    <DashboardFrame {...props} path="/post-purchase" title="Post-purchase" description="“Where is my order?” and “where is my refund?” contacts, what they cost, and how customers follow their orders.">
      {({ base }) => (
        <MetricSection base={base} keys={["wismo_rate", "wismr_rate", "tracking_clicks_per_order", "email_click_through_per_order"]} height={640}>
          <TrendChart keys={["wismo_rate", "wismr_rate"]} title="WISMO and WISMR contacts" description="Contacts per 100 orders (WISMO) and per 100 orders with a return (WISMR)." />
          <ContactCosts />
          <TrendChart keys={["tracking_clicks_per_order"]} kind="bar" />
          <TrendChart keys={["email_click_through_per_order"]} />
        </MetricSection>
      )}
    </DashboardFrame>
  );
}
