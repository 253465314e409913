import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertOrganizationWithRoles } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { ingestEvents } from "@/server/ingest/store";
import { callerFor } from "@/server/testing/caller";
import { failure, outcome } from "@/server/testing/outcomes";
import { loyaltyReport } from "./loyalty-programs";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const NOW = new Date("2026-06-30T00:00:00Z");
const PROGRAM = {
  name: "Rewards",
  pointsPerCurrencyUnit: 1,
  signUpBonus: 100,
  referralBonus: 250,
  reviewBonus: 50,
  pointValue: 0.02,
  tiers: [
    { name: "Gold", threshold: 1000 },
    { name: "Bronze", threshold: 0 },
  ],
  deriveFromOrders: false,
};

const at = (day: string) => `${day}T10:00:00Z`;

/**
 * m1: enrolled 03-01; orders 02-20 (120, before enrolment), 03-05 (49.90), 03-10 (200, 50 refunded),
 *     03-12 (80, cancelled); referred someone 03-15; reviewed 03-16; events: earned 150 + 900, redeemed 250, expired 100.
 * m2: enrolled 04-01, no orders; earned 100 (sign-up).
 * c3: orders, never enrolled: not a member.
 */
async function shop() {
  const { org, members } = await insertOrganizationWithRoles(tdb.db);
  const events = [
    { type: "loyalty.enrolled", customerId: "m1", timestamp: at("2026-03-01") },
    { type: "order.placed", customerId: "m1", timestamp: at("2026-02-20"), properties: { orderId: "o0", total: 120 } },
    { type: "order.placed", customerId: "m1", timestamp: at("2026-03-05"), properties: { orderId: "o1", total: 49.9 } },
    { type: "order.placed", customerId: "m1", timestamp: at("2026-03-10"), properties: { orderId: "o2", total: 200 } },
    { type: "order.refunded", customerId: "m1", timestamp: at("2026-03-11"), properties: { orderId: "o2", amount: 50 } },
    { type: "order.placed", customerId: "m1", timestamp: at("2026-03-12"), properties: { orderId: "o3", total: 80 } },
    { type: "order.canceled", customerId: "m1", timestamp: at("2026-03-13"), properties: { orderId: "o3" } },
    { type: "referral.converted", customerId: "m1", timestamp: at("2026-03-15"), properties: { referredCustomerId: "c9" } },
    { type: "review.submitted", customerId: "m1", timestamp: at("2026-03-16"), properties: { rating: 5 } },
    { type: "loyalty.points_earned", customerId: "m1", timestamp: at("2026-03-01"), properties: { points: 150 } },
    { type: "loyalty.points_earned", customerId: "m1", timestamp: at("2026-03-20"), properties: { points: 900 } },
    { type: "loyalty.points_redeemed", customerId: "m1", timestamp: at("2026-04-01"), properties: { points: 250 } },
    { type: "loyalty.points_expired", customerId: "m1", timestamp: at("2026-05-01"), properties: { points: 100 } },
    { type: "loyalty.enrolled", customerId: "m2", timestamp: at("2026-04-01") },
    { type: "loyalty.points_earned", customerId: "m2", timestamp: at("2026-04-01"), properties: { points: 100 } },
    { type: "order.placed", customerId: "c3", timestamp: at("2026-03-05"), properties: { orderId: "o9", total: 500 } },
  ];
  const result = await ingestEvents(tdb.db, { id: org.id, currency: "EUR" }, events, { now: NOW });
  expect(result.rejected).toEqual([]);
  return { org, members, admin: callerFor(tdb.db, members.admin) };
}

describe("loyalty programme", () => {
  it("from events: 2 members, 1,150 earned, 250 redeemed, 100 expired, 800 outstanding, liability 800 x 0.02 = 16.00; m1 Gold (1,050), m2 Bronze", async () => {
    const { org, admin } = await shop();
    expect(await admin.loyalty.get({ orgSlug: org.slug })).toBeNull();
    expect(await admin.loyalty.report({ orgSlug: org.slug })).toBeNull();
    const saved = await admin.loyalty.save({ orgSlug: org.slug, ...PROGRAM });
    // Tiers are kept lowest threshold first.
    expect(saved.tiers.map((t) => t.name)).toEqual(["Bronze", "Gold"]);
    const report = await loyaltyReport(tdb.db, org.id, saved, NOW);
    expect(report).toMatchObject({
      members: 2,
      pointsEarned: 1150,
      pointsRedeemed: 250,
      pointsExpired: 100,
      pointsOutstanding: 800,
      liability: 16,
      currency: "EUR",
      pointsFrom: "events",
      tiers: [
        { tier: "Gold", members: 1 },
        { tier: "Bronze", members: 1 },
      ],
    });
  });

  it("derived from orders: m1 earns 49 (49.90) + 150 (200 - 50 refunded) + 100 sign-up + 250 referral + 50 review = 599, the order before enrolment and the cancelled one earn nothing; m2 earns the 100 sign-up", async () => {
    const { org, admin } = await shop();
    const saved = await admin.loyalty.save({ orgSlug: org.slug, ...PROGRAM, deriveFromOrders: true });
    const report = await loyaltyReport(tdb.db, org.id, saved, NOW);
    // Redeemed (250) and expired (100) still come from events: outstanding (599 - 350) + 100 = 349.
    expect(report).toMatchObject({ members: 2, pointsEarned: 699, pointsRedeemed: 250, pointsExpired: 100, pointsOutstanding: 349, liability: 6.98, pointsFrom: "orders" });
    expect(report.tiers).toEqual([{ tier: "Bronze", members: 2 }]);
  });

  it("as of a moment: before m2 enrolled and before the redemption, only m1 counts", async () => {
    const { org, admin } = await shop();
    const saved = await admin.loyalty.save({ orgSlug: org.slug, ...PROGRAM });
    const report = await loyaltyReport(tdb.db, org.id, saved, new Date("2026-03-25T00:00:00Z"));
    expect(report).toMatchObject({ members: 1, pointsEarned: 1050, pointsRedeemed: 0, pointsOutstanding: 1050, liability: 21 });
  });

  it("saving is audited with before and after; only admins save; bad rules are refused with a message", async () => {
    const { org, members, admin } = await shop();
    await admin.loyalty.save({ orgSlug: org.slug, ...PROGRAM });
    await admin.loyalty.save({ orgSlug: org.slug, ...PROGRAM, pointValue: 0.05 });
    const log = await admin.audit.list({ orgSlug: org.slug, targetType: "loyalty_program" });
    expect(log.items.map((e) => e.action)).toEqual(["loyalty_program.updated", "loyalty_program.created"]);
    expect(log.items[0]).toMatchObject({ before: { pointValue: 0.02 }, after: { pointValue: 0.05 } });
    for (const role of ["analyst", "viewer"] as const) {
      expect(await outcome(callerFor(tdb.db, members[role]).loyalty.save({ orgSlug: org.slug, ...PROGRAM }))).toBe("FORBIDDEN");
      expect(await outcome(callerFor(tdb.db, members[role]).loyalty.report({ orgSlug: org.slug }))).toBe("OK");
    }
    const refusals: [Partial<typeof PROGRAM>, string][] = [
      [{ pointValue: 0 }, "worth more than 0"],
      [{ signUpBonus: 1.5 }, "whole points"],
      [{ tiers: [{ name: "A", threshold: 0 }, { name: "a", threshold: 10 }] }, "its own name"],
      [{ tiers: [{ name: "A", threshold: 10 }, { name: "B", threshold: 10 }] }, "its own threshold"],
    ];
    for (const [change, message] of refusals) {
      const error = await failure(admin.loyalty.save({ orgSlug: org.slug, ...PROGRAM, ...change }));
      expect(JSON.stringify(error.cause)).toContain(message);
    }
  });
});
