import type { Metadata } from "next";
import { DashboardFrame, type DashboardPageProps } from "@/components/dashboard/dashboard-frame";
import { JourneyTable } from "@/components/dashboard/journey-table";
import { TrendChart } from "@/components/dashboard/metric-charts";
import { Panel } from "@/components/dashboard/panel";
import { JOURNEY_KEYS } from "@/lib/dashboard/journey";

export const metadata: Metadata = { title: "Journey" };

export default function JourneyPage(props: DashboardPageProps) {
  return (
    <DashboardFrame {...props} path="/journey" title="Journey" description="Onboarding, mid-journey and renewal: each stage's numbers against its targets.">
      {({ base }) => (
        <Panel input={{ ...base, keys: JOURNEY_KEYS }} height={700}>
          <div className="space-y-4">
            <JourneyTable />
            <div className="grid gap-4 lg:grid-cols-2">
              <TrendChart keys={["welcome_call_booking_rate"]} />
              <TrendChart keys={["request_response_hours", "deliverable_review_hours"]} title="Response and review times" description="Median hours to the first response to a request, and to the first review of a deliverable." />
              <TrendChart keys={["portal_logins_per_week"]} kind="bar" />
              <TrendChart keys={["repeat_service_rate", "referral_rate"]} title="Repeat service and referrals" />
            </div>
          </div>
        </Panel>
      )}
    </DashboardFrame>
  );
}
