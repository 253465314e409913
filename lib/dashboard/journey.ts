/**
 * The journey-stage table (metrics.md section 6): each stage's metrics with the default targets of
 * the seed's benchmark table and the warning sign a merchant watches for. The targets are the
 * contract's defaults; per-organisation targets replace them when benchmarks can be edited.
 */
export interface StageMetric {
  key: string;
  target: number;
  /** "at_least": the value should reach the target; "at_most": stay under it. */
  comparison: "at_least" | "at_most";
  warningSign: string;
}

export const JOURNEY_STAGES: { stage: string; metrics: StageMetric[] }[] = [
  {
    stage: "Onboarding",
    metrics: [
      { key: "welcome_call_booking_rate", target: 80, comparison: "at_least", warningSign: "New customers not booking the welcome call" },
      { key: "request_response_hours", target: 24, comparison: "at_most", warningSign: "Requests waiting more than a day for an answer" },
    ],
  },
  {
    stage: "Mid-journey",
    metrics: [
      { key: "portal_logins_per_week", target: 1, comparison: "at_least", warningSign: "Customers not logging in to the portal every week" },
      { key: "deliverable_review_hours", target: 48, comparison: "at_most", warningSign: "Deliverables waiting more than two days for review" },
    ],
  },
  {
    stage: "Renewal",
    metrics: [
      { key: "repeat_service_rate", target: 60, comparison: "at_least", warningSign: "Fewer than 60 % of customers coming back for service" },
      { key: "referral_rate", target: 20, comparison: "at_least", warningSign: "Fewer than 20 % of customers referring others" },
    ],
  },
];

export const JOURNEY_KEYS = JOURNEY_STAGES.flatMap((s) => s.metrics.map((m) => m.key));

export type TargetStatus = "on_track" | "warning" | "off_track" | "no_data";

/** How far past the target still counts as a warning rather than off track: 10 % of the target. */
export const WARNING_MARGIN = 0.1;

/**
 * On track when the target is met; a warning within 10 % of the target on the wrong side; off track
 * beyond; no data when the metric has none (an empty denominator).
 */
export function targetStatus(value: number | null, target: number, comparison: StageMetric["comparison"]): TargetStatus {
  if (value === null) return "no_data";
  const margin = Math.abs(target) * WARNING_MARGIN;
  if (comparison === "at_least") return value >= target ? "on_track" : value >= target - margin ? "warning" : "off_track";
  return value <= target ? "on_track" : value <= target + margin ? "warning" : "off_track";
}
