import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { metricFixture, on } from "./testing/fixture";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const order = (customerId: string | null, orderId: string, day: string, total: number, extra: Record<string, unknown> = {}) => ({
  type: "order.placed",
  ...(customerId ? { customerId } : { anonymousId: `anon-${orderId}` }),
  timestamp: on(day),
  properties: { orderId, total, ...extra },
});

/**
 * March 2026 (UTC, EUR, churn window 180 days):
 *   c1: o1 2026-01-10 100; o2 03-05 50; o3 03-20 30 (10 refunded 04-02); enrolled 03-01
 *   c2: o4 03-10 200, refunded in full 03-15
 *   c3: o5 03-12 80, cancelled 03-13 (counts nowhere)
 *   anonymous: o6 03-25 40
 *   c4: o7 2025-10-01 60 (alive at 03-01, not at 04-01)
 *   c5: o8 03-28 100 USD, no exchange rate (unconverted)
 */
async function marchShop() {
  const f = await metricFixture(tdb.db);
  await f.send([
    order("c1", "o1", "2026-01-10", 100),
    order("c1", "o2", "2026-03-05", 50),
    order("c1", "o3", "2026-03-20", 30),
    { type: "order.refunded", customerId: "c1", timestamp: on("2026-04-02"), properties: { orderId: "o3", amount: 10 } },
    { type: "loyalty.enrolled", customerId: "c1", timestamp: on("2026-03-01", "08:00:00") },
    order("c2", "o4", "2026-03-10", 200),
    { type: "order.refunded", customerId: "c2", timestamp: on("2026-03-15"), properties: { orderId: "o4" } },
    order("c3", "o5", "2026-03-12", 80),
    { type: "order.canceled", customerId: "c3", timestamp: on("2026-03-13"), properties: { orderId: "o5" } },
    order(null, "o6", "2026-03-25", 40),
    order("c4", "o7", "2025-10-01", 60),
    order("c5", "o8", "2026-03-28", 100, { currency: "USD" }),
    { type: "loyalty.points_earned", customerId: "c1", timestamp: on("2026-02-01"), properties: { points: 100 } },
    { type: "loyalty.points_redeemed", customerId: "c1", timestamp: on("2026-03-10"), properties: { points: 30 } },
    { type: "loyalty.points_earned", customerId: "c1", timestamp: on("2026-03-11"), properties: { points: 50 } },
  ]);
  return f;
}

const MARCH = ["2026-03-01", "2026-04-01"] as const;

describe("orders and revenue", () => {
  it("March: 5 orders (o5 cancelled); revenue 50+30+200+40 - 200 refunded = 120 with o8 unconverted; February 0", async () => {
    const f = await marchShop();
    const orders = await f.measure("orders", ...MARCH);
    expect(orders).toMatchObject({ value: 5, previous: 0, change: 5, changePct: null });
    const revenue = await f.measure("revenue", ...MARCH);
    expect(revenue.value).toBe(120);
    expect(revenue.breakdown).toEqual({ gross: 320, refunds: 200, unconverted: 1, unconvertedRefunds: 0 });
  });

  it("o8 (USD, no rate) refunded 30 on 2 April: April revenue -10 (o3's refund; o8's is left out), unconverted 0 orders and 1 refund; March still 1 order", async () => {
    const f = await marchShop();
    await f.send([{ type: "order.refunded", customerId: "c5", timestamp: on("2026-04-02", "11:00:00"), properties: { orderId: "o8", amount: 30 } }]);
    const april = await f.measure("revenue", "2026-04-01", "2026-05-01");
    expect(april).toMatchObject({ value: -10, breakdown: { gross: 0, refunds: 10, unconverted: 0, unconvertedRefunds: 1 } });
    expect((await f.measure("revenue", ...MARCH)).breakdown).toMatchObject({ unconverted: 1, unconvertedRefunds: 0 });
  });

  it("a refund counts in its own period: April revenue is -10 (o3's refund, no orders)", async () => {
    const f = await marchShop();
    expect((await f.measure("revenue", "2026-04-01", "2026-05-01")).value).toBe(-10);
  });

  it("AOV 320 / 4 priced orders = 80; February has no orders: null, not 0", async () => {
    const f = await marchShop();
    expect(await f.measure("aov", ...MARCH)).toMatchObject({ value: 80, previous: null, change: null });
  });

  it("purchase frequency: 4 customer orders (o2, o3, o4, o8) / 3 customers = 1.3333", async () => {
    const f = await marchShop();
    expect((await f.measure("purchase_frequency", ...MARCH)).value).toBe(1.3333);
  });

  it("purchase frequency counts each customer once, at their first order in each period: d1's two orders at the same instant, d2's order exactly at the period's start and one after it; daily: 3 orders / 2 customers on 03-01 = 1.5, 1 / 1 on 03-02", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      order("d1", "p1", "2026-02-27", 10),
      order("d1", "p2", "2026-03-01", 10),
      order("d1", "p3", "2026-03-01", 20),
      { ...order("d2", "p4", "2026-03-01", 15), timestamp: on("2026-03-01", "00:00:00") },
      order("d2", "p5", "2026-03-02", 30),
    ]);
    // March: d1 (p2, p3) and d2 (p4, p5): 4 orders / 2 customers.
    const march = await f.measure("purchase_frequency", ...MARCH, { interval: "day" });
    expect(march.value).toBe(2);
    expect(march.breakdown).toEqual({ orders: 4, customers: 2 });
    expect(march.series!.slice(0, 3).map((p) => p.value)).toEqual([1.5, 1, null]);
    // February (the period before): d1's p1 alone.
    expect(march.previous).toBe(1);
  });

  it("new customers: c2 and c5 (c3's only order was cancelled, c1 first bought in January) = 2", async () => {
    const f = await marchShop();
    expect((await f.measure("new_customers", ...MARCH)).value).toBe(2);
    expect((await f.measure("new_customers", "2026-01-01", "2026-02-01")).value).toBe(1);
  });

  it("a guest's order counts for the customer their anonymous id is later linked to: g1 buys as guest a1 on 03-05 (40) and signs in on 03-20, then orders as g1 (60); a2's guest order (30) is never linked. March: new customers g1 = 1 (a2 is no customer), purchase frequency 2 orders / 1 customer = 2, repeat purchase g1 = 100 %, historical CLV at 04-01 100 / 1 = 100; before the link, the same read counts no customer", async () => {
    const f = await metricFixture(tdb.db);
    const guest = (anonymousId: string, orderId: string, day: string, total: number) => ({ type: "order.placed", anonymousId, timestamp: on(day), properties: { orderId, total } });
    await f.send([guest("a1", "g-o1", "2026-03-05", 40), guest("a2", "g-o2", "2026-03-06", 30)]);
    expect((await f.measure("new_customers", ...MARCH)).value).toBe(0);
    await f.send([
      { type: "page.viewed", anonymousId: "a1", customerId: "g1", timestamp: on("2026-03-20") },
      order("g1", "g-o3", "2026-03-22", 60),
    ]);
    expect((await f.measure("new_customers", ...MARCH)).value).toBe(1);
    expect((await f.measure("purchase_frequency", ...MARCH)).value).toBe(2);
    expect((await f.measure("repeat_purchase_rate", ...MARCH)).value).toBe(100);
    expect((await f.measure("clv_historical", ...MARCH)).value).toBe(100);
  });

  it("repeat purchase and repeat service at the edges: h1 two orders at the same instant, exactly the period's start; h2 one in February and one in March; h3 one in March; h4 February only. March: repeat purchase h1, h2 of 3 = 66.6667 %, repeat service h1 = 33.3333 %; on 03-01 h1 alone, 100 % and 100 %; on 03-10 h2, 100 % and 0 %", async () => {
    const f = await metricFixture(tdb.db);
    const at = (customerId: string, orderId: string, day: string, time = "10:00:00") => ({ ...order(customerId, orderId, day, 10), timestamp: on(day, time) });
    await f.send([
      at("h1", "r1", "2026-03-01", "00:00:00"),
      at("h1", "r2", "2026-03-01", "00:00:00"),
      at("h2", "r3", "2026-02-20"),
      at("h2", "r4", "2026-03-10"),
      at("h3", "r5", "2026-03-15"),
      at("h4", "r6", "2026-02-28"),
    ]);
    const purchase = await f.measure("repeat_purchase_rate", ...MARCH, { interval: "day" });
    const service = await f.measure("repeat_service_rate", ...MARCH, { interval: "day" });
    expect(purchase.value).toBe(66.6667);
    expect(purchase.breakdown).toEqual({ customers: 3, repeat: 2 });
    expect(service.value).toBe(33.3333);
    expect(service.breakdown).toEqual({ customers: 3, returned: 1 });
    expect([purchase.series![0]!.value, service.series![0]!.value]).toEqual([100, 100]);
    expect([purchase.series![9]!.value, service.series![9]!.value]).toEqual([100, 0]);
    expect(purchase.series![1]!.value).toBeNull();
    // February: h2 and h4, neither with an earlier order or a second one in February.
    expect([purchase.previous, service.previous]).toEqual([0, 0]);
  });

  it("repeat purchase and repeat service: only c1 of c1, c2, c5 = 33.3333 %", async () => {
    const f = await marchShop();
    expect((await f.measure("repeat_purchase_rate", ...MARCH)).value).toBe(33.3333);
    expect((await f.measure("repeat_service_rate", ...MARCH)).value).toBe(33.3333);
  });

  it("a series by month gap-fills: January 1 order, February 0, March 5", async () => {
    const f = await marchShop();
    const result = await f.measure("orders", "2026-01-01", "2026-04-01", { interval: "month" });
    expect(result.series?.map((p) => [p.start.slice(0, 10), p.value])).toEqual([
      ["2026-01-01", 1],
      ["2026-02-01", 0],
      ["2026-03-01", 5],
    ]);
  });

  it("an exchange rate converts o8 (100 USD x 0.9 = 90): March revenue becomes 210", async () => {
    const f = await marchShop();
    await tdb.db.execute(`insert into exchange_rates (org_id, currency, effective_on, rate) values ('${f.org.id}', 'USD', '2026-01-01', 0.9)`);
    const revenue = await f.measure("revenue", ...MARCH);
    expect(revenue.value).toBe(210);
    expect(revenue.breakdown).toMatchObject({ unconverted: 0 });
  });
});

describe("retention and lifetime value", () => {
  it("retention: alive at 03-01 = {c1, c4}, at 04-01 = {c1, c2, c5}: 1 / 2 = 50 %, churn 50 %, 1 customer lost", async () => {
    const f = await marchShop();
    expect((await f.measure("retention_rate", ...MARCH)).value).toBe(50);
    const churn = await f.measure("churn_rate", ...MARCH);
    expect(churn.value).toBe(50);
    expect(churn.breakdown).toMatchObject({ customers_lost: 1 });
  });

  it("historical CLV at 04-01: (c1 180 + c2 0 + c4 60 + c5 unconverted) / 4 purchasers = 60", async () => {
    const f = await marchShop();
    expect((await f.measure("clv_historical", ...MARCH)).value).toBe(60);
  });

  it("historical CLV by week of March (to = 03-02, 03-09, 03-16, 03-23, 03-30, 04-01): 160/2 = 80, 210/2 = 105, (210 + 200 - 200)/3 = 70, 240/3 = 80, 240/4 = 60, 60; loyalty members (c1): 180/1", async () => {
    const f = await marchShop();
    const weekly = await f.measure("clv_historical", ...MARCH, { interval: "week" });
    expect(weekly.series?.map((p) => [p.start.slice(0, 10), p.value])).toEqual([
      ["2026-03-01", 80],
      ["2026-03-02", 105],
      ["2026-03-09", 70],
      ["2026-03-16", 80],
      ["2026-03-23", 60],
      ["2026-03-30", 60],
    ]);
    expect((await f.measure("clv_historical", ...MARCH, { segment: { loyalty: "member" } })).value).toBe(180);
  });

  it("historical CLV counts a refund stamped before its customer's first order once that order is in: to 03-05 null (no purchaser), to 03-07 (50 - 20) / 1 = 30", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      { type: "order.refunded", customerId: "c6", timestamp: on("2026-03-03"), properties: { orderId: "o9", amount: 20 } },
      order("c6", "o9", "2026-03-06", 50),
    ]);
    expect((await f.measure("clv_historical", "2026-03-01", "2026-03-05")).value).toBeNull();
    expect((await f.measure("clv_historical", "2026-03-01", "2026-03-07")).value).toBe(30);
  });

  it("simple CLV is null without churn history or override; with a 3-year override: AOV 80 x 1.5 orders/customer x 3 = 360", async () => {
    const f = await marchShop();
    expect((await f.measure("clv_simple", ...MARCH)).value).toBeNull();
    await tdb.db.execute(`update organizations set clv_lifespan_years = 3 where id = '${f.org.id}'`);
    expect((await f.measure("clv_simple", ...MARCH)).value).toBe(360);
  });
});

describe("loyalty", () => {
  it("adoption: B(04-01) = {c1, c2, c5} (c4 neither alive nor active), enrolled c1: 33.3333 %", async () => {
    const f = await marchShop();
    expect((await f.measure("loyalty_adoption_rate", ...MARCH)).value).toBe(33.3333);
  });

  it("points: lifetime 30 redeemed / 150 earned = 20 %; the period earned 50 and redeemed 30", async () => {
    const f = await marchShop();
    const result = await f.measure("points_redemption_rate", ...MARCH);
    expect(result.value).toBe(20);
    expect(result.breakdown).toMatchObject({ earned: 150, redeemed: 30, earnedInPeriod: 50, redeemedInPeriod: 30 });
  });

  it("points: a guest's redemption counts too, and more redeemed than earned passes 100: (30 + 200) / 150 = 153.3333 %, not capped", async () => {
    const f = await marchShop();
    await f.send([{ type: "loyalty.points_redeemed", anonymousId: "a9", timestamp: on("2026-03-20"), properties: { points: 200 } }]);
    const result = await f.measure("points_redemption_rate", ...MARCH);
    expect(result.value).toBe(153.3333);
    expect(result.breakdown).toMatchObject({ earned: 150, redeemed: 230, earnedInPeriod: 50, redeemedInPeriod: 230 });
  });

  it("member AOV lift: members' (30+50)/2 = 40 over non-members' 200 (o8 unconverted, o6 anonymous) = 0.2", async () => {
    const f = await marchShop();
    expect((await f.measure("loyalty_member_aov_lift", ...MARCH)).value).toBe(0.2);
  });
});

describe("subscriptions", () => {
  /**
   * s1 (c6) 01-15 mrr 10, changed 03-10 to 15; s2 (c7) 02-01 mrr 20, cancelled 03-20; s3 (c7) 03-21 mrr 25
   * (a plan switch); s4 (c8) 02-10 mrr 30, paused 03-05.
   */
  async function saas() {
    const f = await metricFixture(tdb.db);
    const sub = (type: string, customerId: string, sid: string, day: string, props: Record<string, unknown> = {}) => ({
      type,
      customerId,
      timestamp: on(day),
      properties: { subscriptionId: sid, ...props },
    });
    await f.send([
      sub("subscription.started", "c6", "s1", "2026-01-15", { mrr: 10 }),
      sub("subscription.changed", "c6", "s1", "2026-03-10", { mrr: 15 }),
      sub("subscription.started", "c7", "s2", "2026-02-01", { mrr: 20 }),
      sub("subscription.canceled", "c7", "s2", "2026-03-20"),
      sub("subscription.started", "c7", "s3", "2026-03-21", { mrr: 25 }),
      sub("subscription.started", "c8", "s4", "2026-02-10", { mrr: 30 }),
      sub("subscription.paused", "c8", "s4", "2026-03-05"),
    ]);
    return f;
  }

  it("MRR at 04-01: s1 15 + s3 25 + s4 0 (paused) = 40; at 03-01: 10 + 20 + 30 = 60", async () => {
    const f = await saas();
    expect(await f.measure("mrr", ...MARCH)).toMatchObject({ value: 40, previous: 60 });
  });

  it("revenue churn: lost 0 (s1 grew) + 20 (s2 cancelled) + 30 (s4 paused) = 50 of 60 = 83.3333 %", async () => {
    const f = await saas();
    const result = await f.measure("revenue_churn_rate", ...MARCH);
    expect(result.value).toBe(83.3333);
    expect(result.breakdown).toMatchObject({ recurring_value_lost: 50 });
  });

  it("NRR per customer: c6 15 + c7 25 (switched plans, not churned) + c8 0 over 60 = 66.6667 %", async () => {
    const f = await saas();
    expect((await f.measure("net_revenue_retention", ...MARCH)).value).toBe(66.6667);
  });

  it("a cancellation takes effect at its effectiveAt: s5 (mrr 40) cancelled on 03-05 effective 04-01 still counts at 04-01 (MRR 40, revenue churn 0 %); s6 (mrr 20) cancelled on 04-05 effective 03-31 is gone at 04-01 (MRR 0) but counted at 03-01 (20)", async () => {
    const f = await metricFixture(tdb.db);
    const sub = (type: string, customerId: string, sid: string, day: string, props: Record<string, unknown> = {}) => ({ type, customerId, timestamp: on(day), properties: { subscriptionId: sid, ...props } });
    await f.send([
      sub("subscription.started", "c1", "s5", "2026-02-01", { mrr: 40 }),
      sub("subscription.canceled", "c1", "s5", "2026-03-05", { effectiveAt: "2026-04-01T00:00:00Z" }),
    ]);
    expect(await f.measure("mrr", ...MARCH)).toMatchObject({ value: 40, previous: 40 });
    expect((await f.measure("revenue_churn_rate", ...MARCH)).value).toBe(0);
    await f.send(
      [sub("subscription.started", "c2", "s6", "2026-02-10", { mrr: 20 }), sub("subscription.canceled", "c2", "s6", "2026-04-05", { effectiveAt: "2026-03-31T12:00:00Z" })],
      new Date("2026-04-06T00:00:00Z"),
    );
    expect(await f.measure("mrr", ...MARCH, { now: new Date("2026-04-06T00:00:00Z") })).toMatchObject({ value: 40, previous: 60 });
  });

  it("an amount sent without a currency keeps the one resolved at ingest: EUR 100 read after the organisation moved to USD at 1.1 = 110", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([{ type: "subscription.started", customerId: "c9", timestamp: on("2026-02-01"), properties: { subscriptionId: "s9", mrr: 100 } }]);
    await tdb.db.execute(`update organizations set currency = 'USD' where id = '${f.org.id}'`);
    await tdb.db.execute(`insert into exchange_rates (org_id, currency, effective_on, rate) values ('${f.org.id}', 'EUR', '2026-01-01', 1.1)`);
    expect((await f.measure("mrr", ...MARCH)).value).toBe(110);
  });

  it("alive at the window's edge (180 days): g1's order at exactly 04-01 minus 180 days (10-03 00:00) keeps g1 alive though the order before it (10-02) is out; g2's only order on 10-02 does not; g3 (an order and a subscription) is one customer: retention 2 / 3", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      { ...order("g1", "q1", "2025-10-02", 10), timestamp: on("2025-10-02", "00:00:00") },
      { ...order("g1", "q2", "2025-10-03", 10), timestamp: on("2025-10-03", "00:00:00") },
      { ...order("g2", "q3", "2025-10-02", 10), timestamp: on("2025-10-02", "00:00:00") },
      order("g3", "q4", "2026-02-01", 10),
      { type: "subscription.started", customerId: "g3", timestamp: on("2026-02-02"), properties: { subscriptionId: "t1", mrr: 5 } },
      { type: "subscription.started", customerId: "g3", timestamp: on("2026-02-03"), properties: { subscriptionId: "t2", mrr: 5 } },
    ]);
    const retention = await f.measure("retention_rate", ...MARCH);
    expect(retention.value).toBe(66.6667);
    expect(retention.breakdown).toEqual({ aliveAtStart: 3, retained: 2 });
  });

  it("subscribers are alive: retention at 03-01 -> 04-01 keeps c6, c7 and the paused c8 = 100 %", async () => {
    const f = await saas();
    expect((await f.measure("retention_rate", ...MARCH)).value).toBe(100);
  });
});

describe("segments", () => {
  it("a trait segment as it stood at `to`: country DE (c1 until 04-05, then FR) keeps only c1's March orders", async () => {
    const f = await marchShop();
    await f.send([
      { type: "customer.identified", customerId: "c1", timestamp: on("2026-01-01"), properties: { traits: { country: "DE" } } },
      { type: "customer.identified", customerId: "c1", timestamp: on("2026-04-05"), properties: { traits: { country: "FR" } } },
      { type: "customer.identified", customerId: "c2", timestamp: on("2026-01-01"), properties: { traits: { country: "FR" } } },
    ]);
    expect((await f.measure("orders", ...MARCH, { segment: { traits: { country: "DE" } } })).value).toBe(2);
    expect((await f.measure("orders", "2026-03-01", "2026-04-10", { segment: { traits: { country: "DE" } } })).value).toBe(0);
  });

  it("loyalty members: c1's 2 orders; non-members: c2 and c5 (anonymous o6 is in neither)", async () => {
    const f = await marchShop();
    expect((await f.measure("orders", ...MARCH, { segment: { loyalty: "member" } })).value).toBe(2);
    expect((await f.measure("orders", ...MARCH, { segment: { loyalty: "non_member" } })).value).toBe(2);
  });

  it("cohort 2026-03 (first order in March: c2, c5) has 2 new customers, cohort 2026-01 (c1) none in March", async () => {
    const f = await marchShop();
    expect((await f.measure("new_customers", ...MARCH, { segment: { cohort: "2026-03" } })).value).toBe(2);
    expect((await f.measure("new_customers", ...MARCH, { segment: { cohort: "2026-01" } })).value).toBe(0);
  });

  it("a cohort is evaluated at `to`: on 10 March (to = 11 March) cohort 2026-03 holds k1 (first order 5 March), not k2 (20 March); cohort 2026-04 holds nobody yet, not k3 (2 April): dau 1 and 0, not 2 and 1", async () => {
    const f = await metricFixture(tdb.db);
    const view = (customerId: string) => ({ type: "page.viewed", customerId, timestamp: on("2026-03-10") });
    await f.send([
      order("k1", "ko1", "2026-03-05", 10),
      order("k2", "ko2", "2026-03-20", 10),
      order("k3", "ko3", "2026-04-02", 10),
      view("k1"),
      view("k2"),
      view("k3"),
    ]);
    expect((await f.measure("dau", "2026-03-10", "2026-03-11", { segment: { cohort: "2026-03" } })).value).toBe(1);
    expect((await f.measure("dau", "2026-03-10", "2026-03-11", { segment: { cohort: "2026-04" } })).value).toBe(0);
  });

  it("a subscription is its starter's whole case: c6's s1 (mrr 10, 02-01) cancelled 03-10 by an anonymous visitor is cancelled for the non-members too: MRR 0 at 04-01, 10 at 03-01, revenue churn 100 %", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      { type: "subscription.started", customerId: "c6", timestamp: on("2026-02-01"), properties: { subscriptionId: "s1", mrr: 10 } },
      { type: "subscription.canceled", anonymousId: "support-desk", timestamp: on("2026-03-10"), properties: { subscriptionId: "s1" } },
    ]);
    const segment = { segment: { loyalty: "non_member" as const } };
    expect(await f.measure("mrr", ...MARCH, segment)).toMatchObject({ value: 0, previous: 10 });
    expect((await f.measure("revenue_churn_rate", ...MARCH, segment)).value).toBe(100);
  });
});
