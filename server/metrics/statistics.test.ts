import { describe, expect, it } from "vitest";
import { twoProportionPValue } from "./statistics";

describe("two-proportion z-test", () => {
  it("30/100 against 20/100: pooled 0.25, z = 0.1 / sqrt(0.25 * 0.75 * 0.02) = 1.63299, p = 0.102470", () => {
    // Reference: scipy.stats.norm.sf(1.6329931618554523) * 2 = 0.10247043485974937
    expect(twoProportionPValue(30, 100, 20, 100)).toBeCloseTo(0.10247043485974937, 12);
  });

  it("is symmetric in its two sides", () => {
    expect(twoProportionPValue(20, 100, 30, 100)).toBe(twoProportionPValue(30, 100, 20, 100));
  });

  it("equal proportions give p = 1", () => {
    expect(twoProportionPValue(10, 40, 5, 20)).toBeCloseTo(1, 12);
  });

  it("600/1000 against 400/1000: z = 8.94427, p = 3.7440973842e-19 (erfc(z / sqrt 2))", () => {
    expect(twoProportionPValue(600, 1000, 400, 1000)! / 3.7440973842029235e-19).toBeCloseTo(1, 10);
  });

  it("keeps precision far in the tail: 900/1000 against 100/1000 (z = 35.78) is about 1.5e-280", () => {
    const p = twoProportionPValue(900, 1000, 100, 1000)!;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-270);
  });

  it("is null without variance or without checkouts", () => {
    expect(twoProportionPValue(0, 10, 0, 10)).toBeNull();
    expect(twoProportionPValue(10, 10, 5, 5)).toBeNull();
    expect(twoProportionPValue(1, 0, 1, 10)).toBeNull();
  });
});
