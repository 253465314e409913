import { describe, expect, it } from "vitest";
import { PRESETS } from "@/lib/benchmarks/presets";
import { thresholdProblem } from "@/lib/benchmarks/status";
import { INDUSTRIES } from "@/lib/organization-options";
import { getMetric } from "@/server/metrics/catalog";

describe("benchmark presets against the catalog", () => {
  it("there is the journey preset and one pack per industry", () => {
    expect(PRESETS.map((p) => p.id)).toEqual(["journey", ...INDUSTRIES.map((i) => `industry.${i}`)]);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))("%s names catalog metrics with their own direction and a warning on the right side", (_id, preset) => {
    expect(new Set(preset.targets.map((t) => t.key)).size).toBe(preset.targets.length);
    for (const t of preset.targets) {
      const metric = getMetric(t.key);
      expect(metric, t.key).toBeDefined();
      expect(metric!.unit, t.key).not.toBe("table");
      expect(t.direction, t.key).toBe(metric!.direction);
      expect(thresholdProblem(t, t.direction), t.key).toBeNull();
      if (metric!.unit === "percent") expect(t.target).toBeLessThanOrEqual(100);
    }
  });

  it("the journey preset is metrics.md section 6: welcome calls >= 80, responses <= 24 h, logins >= 1 a week, reviews <= 48 h, repeat service >= 60, referrals >= 20", () => {
    const journey = PRESETS.find((p) => p.id === "journey")!;
    expect(journey.targets.map((t) => [t.key, t.target, t.warning])).toEqual([
      ["welcome_call_booking_rate", 80, 72],
      ["request_response_hours", 24, 26.4],
      ["portal_logins_per_week", 1, 0.9],
      ["deliverable_review_hours", 48, 52.8],
      ["repeat_service_rate", 60, 54],
      ["referral_rate", 20, 18],
    ]);
  });
});
