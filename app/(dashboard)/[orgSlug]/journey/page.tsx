import type { Metadata } from "next";
import { DashboardFrame, type DashboardPageProps } from "@/components/dashboard/dashboard-frame";
import { JourneyTable } from "@/components/dashboard/journey-table";
import { TrendChart } from "@/components/dashboard/metric-charts";
import { MetricSection } from "@/components/dashboard/metric-section";
import { JOURNEY_KEYS } from "@/lib/dashboard/journey";

export const metadata: Metadata = { title: "Journey" };

export default function JourneyPage(props: DashboardPageProps) {
  return (
    <DashboardFrame {...props} path="/journey" title="Journey" description="Onboarding, mid-journey and renewal: each stage's numbers against its targets.">
      {({ base }) => (
        <div className="space-y-4">
          <MetricSection base={base} keys={JOURNEY_KEYS} kpis={[]} height={700}>
            <div className="lg:col-span-2">
              <JourneyTable />
            </div>
              <TrendChart keys={["welcome_call_booking_rate"]} />
              <TrendChart keys={["request_response_hours", "deliverable_review_hours"]} title="Response and review times" description="Median hours to the first response to a request, and to the first review of a deliverable." />
              <TrendChart keys={["portal_logins_per_week"]} kind="bar" />
              <TrendChart keys={["repeat_service_rate", "referral_rate"]} title="Repeat service and referrals" />
          </MetricSection>
        </div>
      )}
    </DashboardFrame>
  );
}
