import type { Direction } from "@/lib/benchmarks/status";

/**
 * The journey-stage table (metrics.md section 6): each stage's metrics, the default target of the
 * seed's benchmark table and the warning sign a merchant watches for. The defaults are the journey
 * preset (lib/benchmarks/presets.ts); the table shows the organisation's own targets.
 */
export interface StageMetric {
  key: string;
  defaultTarget: number;
  direction: Direction;
  warningSign: string;
}

export const JOURNEY_STAGES: { stage: string; metrics: StageMetric[] }[] = [
  {
    stage: "Onboarding",
    metrics: [
      { key: "welcome_call_booking_rate", defaultTarget: 80, direction: "higher", warningSign: "New customers not booking the welcome call" },
      { key: "request_response_hours", defaultTarget: 24, direction: "lower", warningSign: "Requests waiting more than a day for an answer" },
    ],
  },
  {
    stage: "Mid-journey",
    metrics: [
      { key: "portal_logins_per_week", defaultTarget: 1, direction: "higher", warningSign: "Customers not logging in to the portal every week" },
      { key: "deliverable_review_hours", defaultTarget: 48, direction: "lower", warningSign: "Deliverables waiting more than two days for review" },
    ],
  },
  {
    stage: "Renewal",
    metrics: [
      { key: "repeat_service_rate", defaultTarget: 60, direction: "higher", warningSign: "Fewer than 60 % of customers coming back for service" },
      { key: "referral_rate", defaultTarget: 20, direction: "higher", warningSign: "Fewer than 20 % of customers referring others" },
    ],
  },
];

export const JOURNEY_KEYS = JOURNEY_STAGES.flatMap((s) => s.metrics.map((m) => m.key));
