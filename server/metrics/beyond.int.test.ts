import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { metricFixture, on } from "./testing/fixture";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const MARCH = ["2026-03-01", "2026-04-01"] as const;
const ev = (type: string, actor: string, day: string, properties: Record<string, unknown> = {}, time?: string) => ({
  type,
  ...(actor.startsWith("a") ? { anonymousId: actor } : { customerId: actor }),
  timestamp: on(day, time),
  properties,
});
const order = (customerId: string, orderId: string, day: string, total: number, extra: Record<string, unknown> = {}) =>
  ev("order.placed", customerId, day, { orderId, total, ...extra });

/**
 * B(04-01) for March = {c1, c2, c3}: all bought before April and are alive (churn window 180 days).
 *   c1: o1 02-01 100; repair 02-10; o2 03-05 50 sustainable; 2 post-purchase DPP views; sustainability video; referred c9
 *   c2: o3 03-10 80 with a sustainable item; care blog post; 1 post-purchase DPP view
 *   c3: o4 2025-12-01 40; o5 03-20 30
 *   c4 (no order): 1 post-purchase DPP view; a1 (anonymous): 1 DPP view, 1 resale listing
 *   c5: prompted 03-01 and 03-05, take-back 03-20; c6: prompted 03-02, recycled 04-05 (too late); c7: prompted 06-10
 */
async function shop() {
  const f = await metricFixture(tdb.db, { supportContactCostMinor: 250 });
  await f.send([
    order("c1", "o1", "2026-02-01", 100),
    ev("repair.requested", "c1", "2026-02-10", { productId: "p1" }),
    order("c1", "o2", "2026-03-05", 50, { sustainable: true }),
    ev("dpp.viewed", "c1", "2026-03-06", { productId: "p1", context: "post_purchase" }),
    ev("dpp.viewed", "c1", "2026-03-06", { productId: "p1", context: "post_purchase" }, "11:00:00"),
    ev("dpp.viewed", "c1", "2026-03-06", { productId: "p1", context: "pre_purchase" }, "12:00:00"),
    ev("content.engaged", "c1", "2026-03-07", { contentType: "video", topic: "sustainability" }),
    ev("referral.converted", "c1", "2026-03-08", { referredCustomerId: "c9" }),
    order("c2", "o3", "2026-03-10", 80, { items: [{ productId: "p2", sustainable: true }] }),
    ev("content.engaged", "c2", "2026-03-11", { contentType: "blog", topic: "care" }),
    ev("dpp.viewed", "c2", "2026-03-12", { productId: "p2", context: "post_purchase" }),
    order("c3", "o4", "2025-12-01", 40),
    order("c3", "o5", "2026-03-20", 30),
    ev("dpp.viewed", "c4", "2026-03-15", { productId: "p3", context: "post_purchase" }),
    ev("dpp.viewed", "a1", "2026-03-16", { productId: "p3", context: "post_purchase" }),
    ev("resale.listed", "a1", "2026-03-17", { productId: "p3" }),
    ev("eol.prompted", "c5", "2026-03-01", { productId: "p5" }),
    ev("eol.prompted", "c5", "2026-03-05", { productId: "p5" }),
    ev("takeback.requested", "c5", "2026-03-20", { productId: "p5" }),
    ev("eol.prompted", "c6", "2026-03-02", { productId: "p6" }),
    ev("recycling.completed", "c6", "2026-04-05", { productId: "p6" }),
    ev("eol.prompted", "c7", "2026-06-10", { productId: "p7" }),
    // Post-purchase
    ev("support.contacted", "c1", "2026-03-06", { reason: "wismo" }),
    ev("support.contacted", "c2", "2026-03-12", { reason: "wismo" }),
    ev("support.contacted", "c3", "2026-03-22", { reason: "wismr" }),
    ev("return.requested", "c3", "2026-03-21", { orderId: "o5" }),
    ev("return.requested", "c3", "2026-03-23", { orderId: "o5" }),
    ev("tracking.viewed", "c1", "2026-03-07", { orderId: "o2" }),
    ev("tracking.viewed", "c1", "2026-03-08", { orderId: "o2" }),
    ev("tracking.viewed", "c2", "2026-04-20", { orderId: "o3" }),
    ev("email.clicked", "c2", "2026-03-10", { emailType: "order_confirmation", orderId: "o3" }, "11:00:00"),
    ev("email.clicked", "c1", "2026-03-06", { emailType: "marketing", orderId: "o2" }),
  ]);
  return f;
}

describe("beyond the sale, March", () => {
  it("sustainability engagement: c1 and c2 of B = {c1, c2, c3} = 66.6667 %", async () => {
    const f = await shop();
    expect(await f.measure("sustainability_engagement_rate", ...MARCH)).toMatchObject({ value: 66.6667, breakdown: { base: 3, customers: 2 } });
  });

  it("engagement segments at 04-01 over March's orders: high c1 (5 interactions) o2 = 1, low c2 (1 DPP view) o3 = 1, none c3 o5 = 1", async () => {
    const f = await shop();
    for (const engagement of ["high", "low", "none"] as const) {
      expect((await f.measure("orders", ...MARCH, { segment: { engagement } })).value).toBe(1);
    }
    expect((await f.measure("revenue", ...MARCH, { segment: { engagement: "none" } })).value).toBe(30);
    expect((await f.measure("revenue", ...MARCH, { segment: { engagement: "low" } })).value).toBe(80);
  });

  it("lifecycle: 2 events (a1's resale, c5's take-back; c1's repair was in February), 0 of them by B's 3 members", async () => {
    const f = await shop();
    const result = await f.measure("lifecycle_interactions", ...MARCH);
    expect(result.value).toBe(2);
    expect(result.breakdown).toMatchObject({ byType: { "resale.listed": 1, "takeback.requested": 1, "repair.requested": 0 } });
    expect((await f.measure("lifecycle_interactions_per_customer", ...MARCH)).value).toBe(0);
  });

  it("content engagement: c1 (video, sustainability) and c2 (blog, care) = 66.6667 %, each type 33.3333 %", async () => {
    const f = await shop();
    const result = await f.measure("content_engagement_rate", ...MARCH);
    expect(result.value).toBe(66.6667);
    expect(result.breakdown).toMatchObject({
      byContentType: { video: { customers: 1, percent: 33.3333 }, blog: { customers: 1, percent: 33.3333 }, tutorial: { customers: 0, percent: 0 } },
      byTopic: { sustainability: { customers: 1 }, care: { customers: 1 } },
    });
  });

  it("referral rate: c1 referred = 1 of 3 = 33.3333 %", async () => {
    const f = await shop();
    expect((await f.measure("referral_rate", ...MARCH)).value).toBe(33.3333);
  });

  it("repeat sustainable purchases: o2 only (c1 repaired before it, and it is not c1's first) = 1; sustainable share 2 of 3 orders = 66.6667 %", async () => {
    const f = await shop();
    expect((await f.measure("repeat_sustainable_purchases", ...MARCH)).value).toBe(1);
    expect((await f.measure("sustainable_order_share", ...MARCH)).value).toBe(66.6667);
  });

  it("sustainable LTV lift: c1's 150 over the mean of c2's 80 and c3's 70 = 2", async () => {
    const f = await shop();
    expect((await f.measure("sustainable_ltv_lift", ...MARCH)).value).toBe(2);
  });

  it("sustainable LTV lift counts refunds and lifecycle events before `to` only: c1 100 - 20 = 80 over the mean of c2's 50 (refund after `to`) and c3's 40 (repair after `to`) = 1.7778; lifecycle events per customer 1 / 3", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      order("c1", "o1", "2026-03-02", 100),
      ev("repair.requested", "c1", "2026-03-03", { productId: "p1" }),
      ev("order.refunded", "c1", "2026-03-05", { orderId: "o1", amount: 20 }),
      order("c2", "o2", "2026-03-02", 50),
      ev("order.refunded", "c2", "2026-04-10", { orderId: "o2", amount: 10 }),
      order("c3", "o3", "2026-03-04", 40),
      ev("repair.requested", "c3", "2026-04-05", { productId: "p1" }),
    ]);
    const result = await f.measure("sustainable_ltv_lift", ...MARCH);
    expect(result.value).toBe(1.7778);
    expect(result.breakdown).toMatchObject({ withLifecycle: { customers: 1, meanNetRevenue: 80 }, withoutLifecycle: { customers: 2, meanNetRevenue: 45 } });
    // February: nobody had bought yet.
    expect(result.previous).toBeNull();
    // Lifecycle events in March by members of B = {c1, c2, c3}: c1's repair (c3's is in April) = 1 / 3.
    expect((await f.measure("lifecycle_interactions_per_customer", ...MARCH)).value).toBe(0.3333);
  });

  it("over a ragged Berlin period (1 March 12:00 to 20 March 12:00 local), whole days from the rollup and the edges from events: content c1 (tutorial, care; 13:30) and c2 (video; sustainability, other) of B = {c1, c2, c3} = 66.6667 %, c1's 11:00 newsletter and c3's 13:00 blog outside; referral c3 at 11:59 = 33.3333 %; repair c2 (maintenance) = 33.3333 %; lifecycle per customer (c2 3, c3's 12:30 take-back 1, c1's repair at exactly `to` not) 4 / 3 = 1.3333", async () => {
    const f = await metricFixture(tdb.db, { timeZone: "Europe/Berlin" });
    await f.send([
      order("c1", "o1", "2026-02-01", 10),
      order("c2", "o2", "2026-02-02", 10),
      order("c3", "o3", "2026-02-03", 10),
      ev("content.engaged", "c1", "2026-03-01", { contentType: "newsletter" }, "10:00:00"),
      ev("content.engaged", "c1", "2026-03-01", { contentType: "tutorial", topic: "care" }, "12:30:00"),
      ev("takeback.requested", "c3", "2026-03-01", { productId: "p1" }, "11:30:00"),
      ev("maintenance.booked", "c2", "2026-03-05", { productId: "p1" }),
      ev("resale.listed", "c2", "2026-03-06", { productId: "p1" }),
      ev("resale.listed", "c2", "2026-03-06", { productId: "p2" }, "11:00:00"),
      ev("content.engaged", "c2", "2026-03-10", { contentType: "video", topic: "sustainability" }),
      ev("content.engaged", "c2", "2026-03-20", { contentType: "video", topic: "other" }, "10:00:00"),
      ev("referral.converted", "c3", "2026-03-20", { referredCustomerId: "c9" }, "10:59:00"),
      ev("repair.requested", "c1", "2026-03-20", { productId: "p1" }, "11:00:00"),
      ev("content.engaged", "c3", "2026-03-20", { contentType: "blog" }, "12:00:00"),
    ]);
    const period = ["2026-03-01T12:00", "2026-03-20T12:00"] as const;
    for (const rollups of [true, false]) {
      const content = await f.measure("content_engagement_rate", ...period, { rollups });
      expect(content.value).toBe(66.6667);
      expect(content.breakdown).toMatchObject({
        byContentType: { tutorial: { customers: 1 }, video: { customers: 1, percent: 33.3333 }, newsletter: { customers: 0 }, blog: { customers: 0 } },
        byTopic: { care: { customers: 1 }, sustainability: { customers: 1 }, other: { customers: 1 }, lifestyle: { customers: 0 } },
      });
      expect((await f.measure("referral_rate", ...period, { rollups })).value).toBe(33.3333);
      expect((await f.measure("repair_activity_rate", ...period, { rollups })).value).toBe(33.3333);
      expect(await f.measure("lifecycle_interactions_per_customer", ...period, { rollups })).toMatchObject({ value: 1.3333, breakdown: { base: 3, events: 4 } });
    }
  });

  it("DPP access frequency: 4 post-purchase views by c1 (2), c2, c4 / 3 customers = 1.3333; 1 anonymous view aside", async () => {
    const f = await shop();
    expect(await f.measure("dpp_access_frequency", ...MARCH)).toMatchObject({ value: 1.3333, breakdown: { views: 4, customers: 3, anonymousViews: 1 } });
  });

  it("repair activity: none in March = 0 %; in February c1 of B(03-01) = {c1, c3} = 50 %", async () => {
    const f = await shop();
    expect((await f.measure("repair_activity_rate", ...MARCH)).value).toBe(0);
    expect((await f.measure("repair_activity_rate", "2026-02-01", "2026-03-01")).value).toBe(50);
  });

  it("end of life: c5 acted within 30 days of the first prompt, c6 after 34 = 50 %; June's c7 is pending", async () => {
    const f = await shop();
    expect((await f.measure("end_of_life_action_rate", ...MARCH)).value).toBe(50);
    expect(await f.measure("end_of_life_action_rate", "2026-06-01", "2026-07-01")).toMatchObject({ value: null, breakdown: { pending: 1 } });
  });
});

describe("post-purchase, March", () => {
  it("WISMO: 2 contacts per 3 orders x 100 = 66.6667, costing 2 x 2.50 = 5", async () => {
    const f = await shop();
    expect(await f.measure("wismo_rate", ...MARCH)).toMatchObject({ value: 66.6667, breakdown: { contacts: 2, orders: 3, cost: 5 } });
  });

  it("WISMR: 1 contact per 1 order with returns (o5 asked twice) x 100 = 100", async () => {
    const f = await shop();
    expect(await f.measure("wismr_rate", ...MARCH)).toMatchObject({ value: 100, breakdown: { contacts: 1, ordersWithReturns: 1 } });
  });

  it("WISMR: a return asked for a cancelled order is no order with a return: o9 cancelled, so 1 contact per 0 orders = null", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      order("c8", "o9", "2026-03-02", 20),
      ev("return.requested", "c8", "2026-03-03", { orderId: "o9" }),
      ev("support.contacted", "c8", "2026-03-04", { reason: "wismr" }),
      ev("order.canceled", "c8", "2026-03-05", { orderId: "o9" }),
    ]);
    expect(await f.measure("wismr_rate", ...MARCH)).toMatchObject({ value: null, breakdown: { contacts: 1, ordersWithReturns: 0 } });
  });

  it("tracking: 2 views / 3 orders = 0.6667; orders with a view within 30 days: o2 only (o3's came after 41 days) = 33.3333 %", async () => {
    const f = await shop();
    const result = await f.measure("tracking_clicks_per_order", ...MARCH);
    expect(result.value).toBe(0.6667);
    expect(result.breakdown).toMatchObject({ ordersWithTrackingView: { percent: 33.3333, orders: 1, pending: 0 } });
  });

  it("tracking followed past the period: o1 (31 March 23:00) viewed 29 April 22:59 counts, o2 (30 March 10:00) viewed exactly 30 days later does not: 1 of 2 = 50 %", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ev("order.placed", "c1", "2026-03-31", { orderId: "o1", total: 20 }, "23:00:00"),
      ev("order.placed", "c2", "2026-03-30", { orderId: "o2", total: 20 }, "10:00:00"),
      ev("tracking.viewed", "c1", "2026-04-29", { orderId: "o1" }, "22:59:00"),
      ev("tracking.viewed", "c2", "2026-04-29", { orderId: "o2" }, "10:00:00"),
    ]);
    const result = await f.measure("tracking_clicks_per_order", ...MARCH);
    expect(result.breakdown).toMatchObject({ views: 0, orders: 2, ordersWithTrackingView: { percent: 50, orders: 1, pending: 0 } });
  });

  it("confirmation email click-through: o3 only (o2's click was a marketing email) = 1 of 3 = 33.3333 %", async () => {
    const f = await shop();
    expect((await f.measure("email_click_through_per_order", ...MARCH)).value).toBe(33.3333);
  });
});
