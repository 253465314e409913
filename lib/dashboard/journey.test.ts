import { describe, expect, it } from "vitest";
import { JOURNEY_KEYS, targetStatus } from "./journey";

describe("journey-stage status against a target", () => {
  it("at least 80: 80 is on track, 72 (within 10 % of 80) a warning, 71.9 off track", () => {
    expect(targetStatus(80, 80, "at_least")).toBe("on_track");
    expect(targetStatus(72, 80, "at_least")).toBe("warning");
    expect(targetStatus(71.9, 80, "at_least")).toBe("off_track");
  });

  it("at most 24 h: 24 is on track, 26.4 a warning, 26.5 off track", () => {
    expect(targetStatus(24, 24, "at_most")).toBe("on_track");
    expect(targetStatus(26.4, 24, "at_most")).toBe("warning");
    expect(targetStatus(26.5, 24, "at_most")).toBe("off_track");
  });

  it("no value (an empty denominator) is no data, never on track", () => {
    expect(targetStatus(null, 80, "at_least")).toBe("no_data");
  });

  it("covers the six metrics of metrics.md section 6", () => {
    expect(JOURNEY_KEYS).toEqual(["welcome_call_booking_rate", "request_response_hours", "portal_logins_per_week", "deliverable_review_hours", "repeat_service_rate", "referral_rate"]);
  });
});
