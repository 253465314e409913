import { describe, expect, it } from "vitest";
import { derivePoints, outstandingPoints, tierOf } from "./points";

const RULES = { pointsPerCurrencyUnit: 1, signUpBonus: 100, referralBonus: 250, reviewBonus: 20 };

describe("points derived from orders", () => {
  it("orders of 49.90 and 120.00 at 1 point per unit earn 49 + 120; sign-up 100, one referral 250, two reviews 40: 559", () => {
    expect(derivePoints(RULES, { orderNets: [49.9, 120], referrals: 1, reviews: 2 })).toEqual({ purchase: 169, signup: 100, referral: 250, review: 40, total: 559 });
  });

  it("rounds down per order, not on the sum: 0.6 + 0.6 at 1 point per unit is 0 points, not 1", () => {
    expect(derivePoints(RULES, { orderNets: [0.6, 0.6], referrals: 0, reviews: 0 }).purchase).toBe(0);
  });

  it("19.99 at 100 points per unit earns 1999 (no floating-point loss)", () => {
    expect(derivePoints({ ...RULES, pointsPerCurrencyUnit: 100 }, { orderNets: [19.99], referrals: 0, reviews: 0 }).purchase).toBe(1999);
  });

  it("a fully refunded order earns nothing and takes nothing away; a net below zero counts as zero", () => {
    expect(derivePoints(RULES, { orderNets: [0, -5, 10], referrals: 0, reviews: 0 }).purchase).toBe(10);
  });

  it("half a point per unit: 99.99 earns 49", () => {
    expect(derivePoints({ ...RULES, pointsPerCurrencyUnit: 0.5 }, { orderNets: [99.99], referrals: 0, reviews: 0 }).purchase).toBe(49);
  });
});

describe("tiers and balances", () => {
  const tiers = [
    { name: "Gold", threshold: 1000 },
    { name: "Bronze", threshold: 0 },
    { name: "Silver", threshold: 500 },
  ];

  it("the highest threshold reached wins, whatever the order they were given in: 0 Bronze, 499 Bronze, 500 Silver, 5000 Gold", () => {
    expect([0, 499, 500, 5000].map((p) => tierOf(tiers, p))).toEqual(["Bronze", "Bronze", "Silver", "Gold"]);
  });

  it("below every tier is no tier", () => {
    expect(tierOf([{ name: "Silver", threshold: 500 }], 100)).toBeNull();
    expect(tierOf([], 100)).toBeNull();
  });

  it("outstanding = earned - redeemed - expired, never below zero", () => {
    expect(outstandingPoints({ earned: 559, redeemed: 200, expired: 50 })).toBe(309);
    expect(outstandingPoints({ earned: 100, redeemed: 150, expired: 0 })).toBe(0);
  });
});
