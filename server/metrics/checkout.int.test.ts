import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { eraseCustomer } from "@/server/services/customer-privacy";
import { metricFixture, on } from "./testing/fixture";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const MARCH = ["2026-03-01", "2026-04-01"] as const;
const ev = (type: string, actor: string, day: string, time: string, properties: Record<string, unknown> = {}) => ({
  type,
  ...(actor.startsWith("a") ? { anonymousId: actor } : { customerId: actor }),
  timestamp: on(day, time),
  properties,
});
const step = (actor: string, checkoutId: string, name: string, day: string, time: string) =>
  ev("checkout.step_viewed", actor, day, time, { checkoutId, step: name });

/**
 * March, default window 24 h and steps cart, information, shipping, payment, review:
 * - k1 (c1): cart, information, shipping; order carrying k1 1 h later: completed.
 * - k2 (c2): cart, information; never completed: abandoned at information. Its second
 *   checkout.started a week later changes nothing.
 * - k3 (a1, anonymous): cart, payment; checkout.completed 26 h later: abandoned at payment (it
 *   reached information and shipping through payment).
 * - k4 (c3): no step; checkout.completed 23:59:59 later: completed.
 * - k5 (c4): started 31 March 23:00; its order (1 April) is cancelled but still completes it.
 * - k7 (c5): started 29 June 10:00, after "now" minus 24 h: pending.
 */
const CHECKOUTS = [
  ev("checkout.started", "c1", "2026-03-02", "10:00:00", { checkoutId: "k1" }),
  step("c1", "k1", "cart", "2026-03-02", "10:01:00"),
  step("c1", "k1", "information", "2026-03-02", "10:02:00"),
  step("c1", "k1", "shipping", "2026-03-02", "10:03:00"),
  ev("order.placed", "c1", "2026-03-02", "11:00:00", { orderId: "o1", total: 40, checkoutId: "k1" }),
  ev("checkout.started", "c2", "2026-03-03", "10:00:00", { checkoutId: "k2" }),
  step("c2", "k2", "cart", "2026-03-03", "10:01:00"),
  step("c2", "k2", "information", "2026-03-03", "10:02:00"),
  ev("checkout.started", "c2", "2026-03-10", "10:00:00", { checkoutId: "k2" }),
  ev("checkout.started", "a1", "2026-03-04", "10:00:00", { checkoutId: "k3" }),
  step("a1", "k3", "cart", "2026-03-04", "10:01:00"),
  step("a1", "k3", "payment", "2026-03-04", "10:05:00"),
  ev("checkout.completed", "a1", "2026-03-05", "12:00:00", { checkoutId: "k3" }),
  ev("checkout.started", "c3", "2026-03-05", "10:00:00", { checkoutId: "k4" }),
  ev("checkout.completed", "c3", "2026-03-06", "09:59:59", { checkoutId: "k4" }),
  ev("checkout.started", "c4", "2026-03-31", "23:00:00", { checkoutId: "k5" }),
  ev("order.placed", "c4", "2026-04-01", "08:00:00", { orderId: "o5", total: 25, checkoutId: "k5" }),
  ev("order.canceled", "c4", "2026-04-02", "08:00:00", { orderId: "o5" }),
  ev("checkout.started", "c5", "2026-06-29", "10:00:00", { checkoutId: "k7" }),
];

describe("checkout abandonment", () => {
  it("k2 and k3 abandoned of k1-k5: 2 / 5 = 40 %; June's k7 is pending and June has no value", async () => {
    const f = await metricFixture(tdb.db);
    await f.send(CHECKOUTS);
    expect(await f.measure("checkout_abandonment_rate", ...MARCH)).toMatchObject({
      value: 40,
      breakdown: { started: 5, abandoned: 2, completed: 3, pending: 0 },
    });
    expect(await f.measure("checkout_abandonment_rate", "2026-06-01", "2026-07-01")).toMatchObject({ value: null, breakdown: { pending: 1 } });
  });

  it("k9, first started 28 February and again 2 March, is February's: March stays 2 / 5 = 40 %, February 1 / 1 = 100 % with its exit at cart", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ...CHECKOUTS,
      ev("checkout.started", "c6", "2026-02-28", "10:00:00", { checkoutId: "k9" }),
      step("c6", "k9", "cart", "2026-02-28", "10:01:00"),
      ev("checkout.started", "c6", "2026-03-02", "12:00:00", { checkoutId: "k9" }),
    ]);
    expect(await f.measure("checkout_abandonment_rate", ...MARCH)).toMatchObject({ value: 40 });
    expect(await f.measure("checkout_abandonment_rate", "2026-02-01", "2026-03-01")).toMatchObject({ value: 100, breakdown: { started: 1 } });
    const exits = await f.measure("checkout_step_exits", "2026-02-01", "2026-03-01");
    expect(exits.breakdown).toMatchObject({ checkouts: 1, abandonedWithoutStep: 0 });
    expect((exits.breakdown as { rows: unknown[] }).rows[0]).toEqual({ step: "cart", exits: 1, reached: 1, exitRate: 100 });
  });

  it("a 48 h window keeps k3 (completed after 26 h) and abandons only k2: 1 / 5 = 20 %", async () => {
    const f = await metricFixture(tdb.db, { abandonmentWindowHours: 48 });
    await f.send(CHECKOUTS);
    expect((await f.measure("checkout_abandonment_rate", ...MARCH)).value).toBe(20);
  });

  it("step exits: information 1 exit of 3 reached = 33.3333 %, payment 1 of 1 = 100 %, shipping 0 of 2, review reached by none", async () => {
    const f = await metricFixture(tdb.db);
    await f.send(CHECKOUTS);
    const result = await f.measure("checkout_step_exits", ...MARCH);
    expect(result.value).toBeNull();
    expect(result.breakdown).toMatchObject({
      checkouts: 5,
      abandonedWithoutStep: 0,
      rows: [
        { step: "cart", exits: 0, reached: 3, exitRate: 0 },
        { step: "information", exits: 1, reached: 3, exitRate: 33.3333 },
        { step: "shipping", exits: 0, reached: 2, exitRate: 0 },
        { step: "payment", exits: 1, reached: 1, exitRate: 100 },
        { step: "review", exits: 0, reached: 0, exitRate: null },
      ],
    });
    // Heatmap: k1 and k2 start in the ISO week of Monday 2 March, k3 and k4 too (4 and 5 March); k5 (31 March) in that of 30 March.
    const heatmap = (result.breakdown as { heatmap: { week: string; steps: { step: string; exits: number; reached: number }[] }[] }).heatmap;
    expect(heatmap.map((w) => w.week)).toEqual(["2026-03-02", "2026-03-30"]);
    expect(heatmap[0]!.steps[1]).toMatchObject({ step: "information", exits: 1, reached: 3 });
    expect(heatmap[1]!.steps.every((s) => s.reached === 0)).toBe(true);
  });

  it("an organisation's own step order: with steps cart, payment only, k3 exits at payment and k2 at cart", async () => {
    const f = await metricFixture(tdb.db, { checkoutSteps: ["cart", "payment"] });
    await f.send(CHECKOUTS);
    const rows = (await f.measure("checkout_step_exits", ...MARCH)).breakdown!.rows;
    expect(rows).toEqual([
      { step: "cart", exits: 1, reached: 3, exitRate: 33.3333 },
      { step: "payment", exits: 1, reached: 1, exitRate: 100 },
    ]);
  });

  it("sustainability views during checkouts: k2, k3, k4 with (2 of 3 abandoned = 66.6667 %), k1, k5 without (0 %): difference 66.6667 points", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ...CHECKOUTS,
      // k2: a DPP view by the same customer without a checkoutId, 2 h into the checkout: during.
      ev("dpp.viewed", "c2", "2026-03-03", "12:00:00", { productId: "p1", context: "pre_purchase" }),
      // k3: a view at the very start instant, by the same anonymous actor: during (both ends included).
      ev("sustainability.info_viewed", "a1", "2026-03-04", "10:00:00"),
      // k4: a view carrying k4.
      ev("dpp.viewed", "c3", "2026-03-05", "11:00:00", { productId: "p1", context: "pre_purchase", checkoutId: "k4" }),
      // k1: a view carrying k1 after its completion (11:00): not during. And c3 viewing with another checkout's id: not k4's.
      ev("sustainability.info_viewed", "c1", "2026-03-02", "12:00:00", { checkoutId: "k1" }),
      ev("dpp.viewed", "c3", "2026-03-05", "12:00:00", { productId: "p1", context: "pre_purchase", checkoutId: "k9" }),
    ]);
    expect(await f.measure("sustainability_abandonment_rate", ...MARCH)).toMatchObject({
      value: 66.6667,
      breakdown: { withViews: { checkouts: 3, abandoned: 2 }, withoutViews: { checkouts: 2, abandoned: 0, rate: 0 }, differencePoints: 66.6667 },
    });
  });

  it("policy views: with k1 (completed) and k2 (abandoned) 50 %, without 1 of 3 = 33.3333 %: impact 1.5; returns alone 100 / 33.3333 = 3", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ...CHECKOUTS,
      ev("policy.viewed", "c1", "2026-03-02", "10:30:00", { policy: "shipping" }),
      ev("policy.viewed", "c2", "2026-03-03", "11:00:00", { policy: "returns", checkoutId: "k2" }),
      ev("policy.viewed", "c2", "2026-03-03", "11:05:00", { policy: "returns", checkoutId: "k2" }),
      // After k4's completion: not during.
      ev("policy.viewed", "c3", "2026-03-06", "10:30:00", { policy: "warranty" }),
    ]);
    expect(await f.measure("policy_abandonment_impact", ...MARCH)).toMatchObject({
      value: 1.5,
      breakdown: {
        withViews: { checkouts: 2, abandoned: 1, rate: 50 },
        withoutViews: { checkouts: 3, abandoned: 1, rate: 33.3333 },
        byPolicy: { returns: { checkouts: 1, abandoned: 1, rate: 100, impact: 3 }, shipping: { checkouts: 1, abandoned: 0, rate: 0, impact: 0 } },
      },
    });
  });
});

describe("cart recovery", () => {
  it("k2 (order 4 days after the email) and k3 (completed 1 h after the SMS) convert, k8 does not: 2 / 3 = 66.6667 %", async () => {
    const f = await metricFixture(tdb.db);
    const sent = (actor: string, checkoutId: string, day: string, time: string, channel: string, nudge: string) =>
      ev("cart.recovery_sent", actor, day, time, { checkoutId, channel, nudge });
    await f.send([
      ...CHECKOUTS,
      sent("c2", "k2", "2026-03-04", "10:00:00", "email", "reminder"),
      ev("order.placed", "c2", "2026-03-08", "10:00:00", { orderId: "o2", total: 30, checkoutId: "k2" }),
      sent("a1", "k3", "2026-03-05", "11:00:00", "sms", "discount"),
      ev("checkout.started", "c6", "2026-03-10", "10:00:00", { checkoutId: "k8" }),
      sent("c6", "k8", "2026-03-11", "10:00:00", "email", "sustainability"),
      sent("c6", "k8", "2026-03-12", "10:00:00", "sms", "discount"),
      // After k1's completion: not a recovery case.
      sent("c1", "k1", "2026-03-03", "10:00:00", "email", "reminder"),
      // k9's first-ever message is in February: not a March case.
      sent("c7", "k9", "2026-02-27", "10:00:00", "email", "reminder"),
      sent("c7", "k9", "2026-03-02", "10:00:00", "email", "reminder"),
      sent("c8", "k10", "2026-06-25", "10:00:00", "push", "reminder"),
    ]);
    expect(await f.measure("cart_recovery_conversion_rate", ...MARCH)).toMatchObject({
      value: 66.6667,
      breakdown: {
        checkouts: 3,
        converted: 2,
        pending: 0,
        byChannel: { email: { checkouts: 2, converted: 1, rate: 50 }, sms: { checkouts: 1, converted: 1, rate: 100 } },
        byNudge: { discount: { rate: 100 }, reminder: { rate: 100 }, sustainability: { checkouts: 1, converted: 0, rate: 0 } },
      },
    });
    expect(await f.measure("cart_recovery_conversion_rate", "2026-06-01", "2026-07-01")).toMatchObject({ value: null, breakdown: { pending: 1 } });
  });
});

describe("cart recovery: a checkout's first message", () => {
  it("two messages at the same instant: the first to arrive opens the one case (email, sustainability), the second none: 1 case, 0 of 1 converted", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ev("checkout.started", "c1", "2026-03-20", "09:00:00", { checkoutId: "k11" }),
      ev("cart.recovery_sent", "c1", "2026-03-21", "10:00:00", { checkoutId: "k11", channel: "email", nudge: "sustainability" }),
    ]);
    await f.send([ev("cart.recovery_sent", "c1", "2026-03-21", "10:00:00", { checkoutId: "k11", channel: "sms", nudge: "discount" })]);
    for (const rollups of [true, false]) {
      expect(await f.measure("cart_recovery_conversion_rate", ...MARCH, { rollups })).toMatchObject({
        value: 0,
        breakdown: { checkouts: 1, converted: 0, byChannel: { email: { checkouts: 1 } }, byNudge: { sustainability: { checkouts: 1 } } },
      });
    }
  });
});

describe("cart recovery of checkouts never started", () => {
  it("k21 (never started, checkout.completed 2 days after the email) and k22 (never started, an order 1 day after) convert, k23 (started, completed 8 days after) does not: 2 / 3 = 66.6667 %; in segment DE (c21's trait; k23 started by c23 though messaged as c21) 2 of 2", async () => {
    const f = await metricFixture(tdb.db);
    const sent = (actor: string, checkoutId: string, day: string) => ev("cart.recovery_sent", actor, day, "10:00:00", { checkoutId, channel: "email", nudge: "reminder" });
    await f.send([
      ev("customer.identified", "c21", "2026-02-01", "10:00:00", { traits: { country: "DE" } }),
      sent("c21", "k21", "2026-03-02"),
      ev("checkout.completed", "c21", "2026-03-04", "10:00:00", { checkoutId: "k21" }),
      sent("c21", "k22", "2026-03-05"),
      ev("order.placed", "c21", "2026-03-06", "10:00:00", { orderId: "o22", total: 10, checkoutId: "k22" }),
      ev("checkout.started", "c23", "2026-03-09", "10:00:00", { checkoutId: "k23" }),
      sent("c21", "k23", "2026-03-10"),
      ev("checkout.completed", "c23", "2026-03-18", "10:00:00", { checkoutId: "k23" }),
    ]);
    for (const rollups of [true, false]) {
      expect(await f.measure("cart_recovery_conversion_rate", ...MARCH, { rollups })).toMatchObject({ value: 66.6667, breakdown: { checkouts: 3, converted: 2 } });
      expect(await f.measure("cart_recovery_conversion_rate", ...MARCH, { rollups, segment: { traits: { country: "DE" } } })).toMatchObject({
        value: 100,
        breakdown: { checkouts: 2, converted: 2 },
      });
    }
  });
});

describe("checkout variants", () => {
  async function variants(controlVariant: string | null) {
    const f = await metricFixture(tdb.db, { controlVariant });
    const events: unknown[] = [];
    // A: 12 checkouts, 3 abandoned. B: 8 checkouts, 5 abandoned (one names its variant only on a step view). Two without a variant.
    const add = (variant: string | null, n: number, abandoned: number) => {
      for (let i = 0; i < n; i++) {
        const id = `${variant ?? "none"}-${i}`;
        const onStep = variant === "B" && i === 0;
        events.push(ev("checkout.started", `c-${id}`, "2026-03-10", "10:00:00", { checkoutId: id, ...(variant && !onStep ? { variant } : {}) }));
        if (onStep) events.push(ev("checkout.step_viewed", `c-${id}`, "2026-03-10", "10:01:00", { checkoutId: id, step: "cart", variant }));
        if (i >= abandoned) events.push(ev("checkout.completed", `c-${id}`, "2026-03-10", "11:00:00", { checkoutId: id }));
      }
    };
    add("A", 12, 3);
    add("B", 8, 5);
    add(null, 2, 2);
    await f.send(events);
    return (await f.measure("checkout_variant_abandonment", ...MARCH)).breakdown;
  }

  it("control A (most checkouts): B 62.5 % against A 25 %, pooled 0.4, z = 1.67705, p = 0.0935325", async () => {
    expect(await variants(null)).toEqual({
      control: "A",
      controlSource: "most_checkouts",
      rows: [
        { variant: "A", checkouts: 12, abandoned: 3, abandonmentRate: 25, pValue: null },
        { variant: "B", checkouts: 8, abandoned: 5, abandonmentRate: 62.5, pValue: 0.0935325 },
      ],
    });
  });

  it("the organisation's control B: the same p-value, now on A", async () => {
    const breakdown = (await variants("B"))!;
    expect(breakdown).toMatchObject({ control: "B", controlSource: "setting" });
    expect(breakdown.rows).toMatchObject([{ variant: "A", pValue: 0.0935325 }, { variant: "B", pValue: null }]);
  });
});

describe("the variant of a checkout", () => {
  it("a checkout.started naming one beats an earlier step view's (v1: A, not B); among step views the earliest wins, whatever the arrival (v2: A, then B)", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ev("checkout.started", "c1", "2026-03-10", "10:00:00", { checkoutId: "v1" }),
      ev("checkout.step_viewed", "c1", "2026-03-10", "10:01:00", { checkoutId: "v1", step: "cart", variant: "B" }),
      ev("checkout.started", "c1", "2026-03-10", "10:05:00", { checkoutId: "v1", variant: "A" }),
      ev("checkout.started", "c2", "2026-03-10", "10:00:00", { checkoutId: "v2" }),
      ev("checkout.step_viewed", "c2", "2026-03-10", "10:03:00", { checkoutId: "v2", step: "cart", variant: "A" }),
    ]);
    const rows = async () => (await f.measure("checkout_variant_abandonment", ...MARCH)).breakdown!.rows;
    expect(await rows()).toMatchObject([{ variant: "A", checkouts: 2, abandoned: 2 }]);
    // Arrives after a read, stamped before v2's first step view: v2 is B's now, v1 stays A's.
    await f.send([ev("checkout.step_viewed", "c2", "2026-03-10", "10:02:00", { checkoutId: "v2", step: "information", variant: "B" })]);
    expect(await rows()).toMatchObject([
      { variant: "A", checkouts: 1, abandoned: 1 },
      { variant: "B", checkouts: 1, abandoned: 1 },
    ]);
  });
});

describe("a checkout completed before its start (clock skew)", () => {
  it("ends at its start: a policy view at that instant is during it (k1 completed with it, k3 abandoned without: impact 0 / 100 = 0); a DPP view a minute later is not (no checkout with one: null; without: 1 of 2 = 50 %)", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ev("checkout.completed", "c1", "2026-03-02", "09:00:00", { checkoutId: "k1" }),
      ev("checkout.started", "c1", "2026-03-02", "10:00:00", { checkoutId: "k1" }),
      ev("policy.viewed", "c1", "2026-03-02", "10:00:00", { policy: "returns" }),
      ev("dpp.viewed", "c1", "2026-03-02", "10:01:00", { checkoutId: "k1", productId: "p1", context: "pre_purchase" }),
      ev("checkout.started", "c3", "2026-03-04", "10:00:00", { checkoutId: "k3" }),
    ]);
    const policy = await f.measure("policy_abandonment_impact", ...MARCH);
    expect(policy.value).toBe(0);
    expect(policy.breakdown).toMatchObject({ withViews: { checkouts: 1, abandoned: 0 }, withoutViews: { checkouts: 1, abandoned: 1 } });
    const sustainability = await f.measure("sustainability_abandonment_rate", ...MARCH);
    expect(sustainability.value).toBeNull();
    expect(sustainability.breakdown).toMatchObject({ withViews: { checkouts: 0 }, withoutViews: { checkouts: 2, abandoned: 1 } });
  });
});

describe("checkouts kept up to date between reads", () => {
  it("k1 (c1, 2 March) abandoned 100 %; completed 2 h later 0 %; an earlier start by c2 on 27 February arrives: March null, February abandoned; c2 erased: March 0 % again", async () => {
    const f = await metricFixture(tdb.db);
    const rate = async (from: string, to: string) => {
      const fast = await f.measure("checkout_abandonment_rate", from, to);
      expect(fast).toEqual(await f.measure("checkout_abandonment_rate", from, to, { rollups: false }));
      return fast.value;
    };
    await f.send([ev("checkout.started", "c1", "2026-03-02", "10:00:00", { checkoutId: "k1" })]);
    expect(await rate(...MARCH)).toBe(100);
    await f.send([ev("checkout.completed", "c1", "2026-03-02", "12:00:00", { checkoutId: "k1" })]);
    expect(await rate(...MARCH)).toBe(0);
    await f.send([ev("checkout.started", "c2", "2026-02-27", "10:00:00", { checkoutId: "k1" })]);
    expect(await rate(...MARCH)).toBeNull();
    expect(await rate("2026-02-01", "2026-03-01")).toBe(100);
    await eraseCustomer(tdb.db, { userId: null, label: "test" }, f.org.id, "c2");
    expect(await rate(...MARCH)).toBe(0);
    expect(await rate("2026-02-01", "2026-03-01")).toBeNull();
  });

  it("a segment applies to the starter as resolved when read: a1's checkout counts for c9 (country DE) once a1 is linked to c9", async () => {
    const f = await metricFixture(tdb.db);
    const inGermany = { traits: { country: "DE" } };
    await f.send([
      ev("customer.identified", "c9", "2026-02-01", "09:00:00", { traits: { country: "DE" } }),
      ev("checkout.started", "a1", "2026-03-05", "10:00:00", { checkoutId: "k5" }),
    ]);
    expect((await f.measure("checkout_abandonment_rate", ...MARCH, { segment: inGermany })).value).toBeNull();
    await f.send([{ type: "customer.identified", customerId: "c9", anonymousId: "a1", timestamp: on("2026-03-06", "09:00:00"), properties: { traits: {} } }]);
    expect((await f.measure("checkout_abandonment_rate", ...MARCH, { segment: inGermany })).value).toBe(100);
  });
});

describe("sessions", () => {
  const view = (actor: string, day: string, time: string, sessionId?: string) => ({
    ...ev("page.viewed", actor, day, time, { path: "/" }),
    ...(sessionId ? { sessionId } : {}),
  });
  const SESSIONS = [
    // c1 without sessionIds: 10:00, 10:20, 10:50 (a gap of exactly 30 min continues), 11:21 (31 min: a new session).
    view("c1", "2026-03-10", "10:00:00"),
    view("c1", "2026-03-10", "10:20:00"),
    view("c1", "2026-03-10", "10:50:00"),
    view("c1", "2026-03-10", "11:21:00"),
    // Its order 19 min after 11:21 converts that second session.
    ev("order.placed", "c1", "2026-03-10", "11:40:00", { orderId: "o1", total: 10 }),
    // Session x by a2, who becomes c2; c2's order 25 min after x's last view converts x.
    view("a2", "2026-03-11", "12:00:00", "x"),
    view("a2", "2026-03-11", "12:05:00", "x"),
    { type: "customer.identified", customerId: "c2", anonymousId: "a2", timestamp: on("2026-03-11", "12:10:00"), properties: { traits: {} } },
    ev("order.placed", "c2", "2026-03-11", "12:30:00", { orderId: "o2", total: 10 }),
    // c3's order 31 min after its view converts nothing; c4's cancelled order neither.
    view("c3", "2026-03-12", "09:00:00"),
    ev("order.placed", "c3", "2026-03-12", "09:31:00", { orderId: "o3", total: 10 }),
    view("c4", "2026-03-13", "13:00:00"),
    ev("order.placed", "c4", "2026-03-13", "13:10:00", { orderId: "o4", total: 10 }),
    ev("order.canceled", "c4", "2026-03-14", "13:10:00", { orderId: "o4" }),
    // c5's session starts 31 March 23:50 and runs into April: a March session with 2 views.
    view("c5", "2026-03-31", "23:50:00"),
    view("c5", "2026-04-01", "00:10:00"),
  ];

  it("6 sessions, 10 views: conversion 2 / 6 = 33.3333 %, bounce 3 / 6 = 50 %, pages per session 10 / 6 = 1.6667", async () => {
    const f = await metricFixture(tdb.db);
    await f.send(SESSIONS);
    const expected = { sessions: 6, views: 10, bounced: 3, converted: 2 };
    expect(await f.measure("conversion_rate", ...MARCH)).toMatchObject({ value: 33.3333, breakdown: expected });
    expect((await f.measure("bounce_rate", ...MARCH)).value).toBe(50);
    expect((await f.measure("pages_per_session", ...MARCH)).value).toBe(1.6667);
    // April holds no session start (c5's April view belongs to its March session).
    expect((await f.measure("pages_per_session", "2026-04-01", "2026-05-01")).value).toBeNull();
  });

  it("reads whole sessions across the period's edges: in March 1 session of 2 views, 0 converted; in February 2 sessions, 4 views, 1 converted (50 %)", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      // Session y starts in February with a9 (never linked) and goes on with c6 in March: a9's session, a February one.
      view("a9", "2026-02-28", "23:55:00", "y"),
      view("c6", "2026-03-01", "00:05:00", "y"),
      // Session z starts in February with c8; an unlinked a8 adds a view to it on 1 April.
      view("c8", "2026-02-28", "23:00:00", "z"),
      // c8's own session without an id: 31 March 23:50 and 1 April 00:10 (a March session of 2 views).
      view("c8", "2026-03-31", "23:50:00"),
      view("c8", "2026-04-01", "00:10:00"),
      view("a8", "2026-04-01", "00:15:00", "z"),
      // c8's order at 00:20: the latest view before it is a8's in z (c8's session), so z converts, not the March one.
      ev("order.placed", "c8", "2026-04-01", "00:20:00", { orderId: "o8", total: 10 }),
    ]);
    expect(await f.measure("conversion_rate", ...MARCH)).toMatchObject({ value: 0, breakdown: { sessions: 1, views: 2, bounced: 0, converted: 0 } });
    expect(await f.measure("conversion_rate", "2026-02-01", "2026-03-01")).toMatchObject({ value: 50, breakdown: { sessions: 2, views: 4, bounced: 0, converted: 1 } });
  });

  it("a segment keeps sessions whose first view's customer is in it: c2 (linked from a2) alone converts 1 of 1", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ...SESSIONS,
      { type: "customer.identified", customerId: "c2", timestamp: on("2026-03-01", "09:00:00"), properties: { traits: { country: "DE" } } },
    ]);
    expect(await f.measure("conversion_rate", ...MARCH, { segment: { traits: { country: "DE" } } })).toMatchObject({
      value: 100,
      breakdown: { sessions: 1, converted: 1 },
    });
  });
});
