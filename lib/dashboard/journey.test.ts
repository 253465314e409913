import { describe, expect, it } from "vitest";
import { JOURNEY_KEYS, JOURNEY_STAGES } from "./journey";

describe("journey stages", () => {
  it("covers the six metrics of metrics.md section 6, stage by stage", () => {
    expect(JOURNEY_STAGES.map((s) => s.stage)).toEqual(["Onboarding", "Mid-journey", "Renewal"]);
    expect(JOURNEY_KEYS).toEqual(["welcome_call_booking_rate", "request_response_hours", "portal_logins_per_week", "deliverable_review_hours", "repeat_service_rate", "referral_rate"]);
  });

  it("carries the default targets of the seed's benchmark table: >= 80, <= 24, >= 1, <= 48, >= 60, >= 20", () => {
    const targets = JOURNEY_STAGES.flatMap((s) => s.metrics.map((m) => `${m.direction === "higher" ? ">=" : "<="} ${m.defaultTarget}`));
    expect(targets).toEqual([">= 80", "<= 24", ">= 1", "<= 48", ">= 60", ">= 20"]);
  });
});
