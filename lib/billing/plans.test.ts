import { describe, expect, it } from "vitest";
import { hardLimit, PLANS, quotaLevel } from "./plans";

describe("quota levels", () => {
  it("Free (10,000): ok below 8,000, warning from 8,000, reached from 10,000, blocked from 11,000 (the 10 % grace margin)", () => {
    const quota = PLANS.free.monthlyEvents;
    expect([7_999, 8_000, 9_999, 10_000, 10_999, 11_000].map((n) => quotaLevel(n, quota))).toEqual(["ok", "warning", "warning", "reached", "reached", "blocked"]);
  });

  it("rounds the grace margin up to a whole event, and an unlimited quota (billing off) is always ok", () => {
    expect(hardLimit(15)).toBe(17); // 16.5 -> 17
    expect(quotaLevel(Number.MAX_SAFE_INTEGER, null)).toBe("ok");
  });

  it("each plan allows at least what the one below it allows", () => {
    const [free, growth, scale] = [PLANS.free, PLANS.growth, PLANS.scale];
    for (const key of ["monthlyEvents", "seats", "widgets", "historyDays"] as const) {
      expect(growth[key]).toBeGreaterThan(free[key]);
      expect(scale[key]).toBeGreaterThan(growth[key]);
    }
  });
});
