import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addMember, insertOrganizationWithRoles } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { ingestEvents } from "@/server/ingest/store";
import { callerFor } from "@/server/testing/caller";
import { failure, outcome } from "@/server/testing/outcomes";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const PERIOD = { from: "2026-03-01", to: "2026-04-01" };
const NOW = new Date("2026-06-30T00:00:00Z");

/** Three orders in March 2026: `orders` = 3. */
async function shopWithThreeOrders(orgId: string) {
  const events = ["o1", "o2", "o3"].map((orderId, i) => ({
    type: "order.placed",
    customerId: `c${i}`,
    timestamp: `2026-03-1${i}T10:00:00Z`,
    properties: { orderId, total: 10 },
  }));
  const result = await ingestEvents(tdb.db, { id: orgId, currency: "EUR" }, events, { now: NOW });
  expect(result.accepted).toBe(3);
}

describe("benchmarks", () => {
  it("3 orders against target >= 5 with warning >= 3 is a warning; >= 3 on track; >= 4 warning 4 off track", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    await shopWithThreeOrders(org.id);
    const admin = callerFor(tdb.db, members.admin);
    const viewer = callerFor(tdb.db, members.viewer);
    const read = async () => (await viewer.metric.summary({ orgSlug: org.slug, keys: ["orders", "revenue"], ...PERIOD })).metrics;

    expect((await read()).map((m) => m.benchmark)).toEqual([null, null]);
    await admin.benchmark.set({ orgSlug: org.slug, metricKey: "orders", target: 5, warning: 3 });
    expect((await read())[0]!.benchmark).toEqual({ target: 5, warning: 3, status: "warning" });
    await admin.benchmark.set({ orgSlug: org.slug, metricKey: "orders", target: 3, warning: 2 });
    expect((await read())[0]!.benchmark!.status).toBe("on_track");
    await admin.benchmark.set({ orgSlug: org.slug, metricKey: "orders", target: 4, warning: 4 });
    expect((await read())[0]!.benchmark!.status).toBe("off_track");
    // Revenue still has none: a target is per metric.
    expect((await read())[1]!.benchmark).toBeNull();
  });

  it("a lower-is-better metric with an empty period keeps its target and has no status", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const admin = callerFor(tdb.db, members.admin);
    await admin.benchmark.set({ orgSlug: org.slug, metricKey: "checkout_abandonment_rate", target: 70, warning: 77 });
    const [m] = (await admin.metric.summary({ orgSlug: org.slug, keys: ["checkout_abandonment_rate"], ...PERIOD })).metrics;
    expect(m!.value).toBeNull();
    expect(m!.benchmark).toEqual({ target: 70, warning: 77, status: null });
  });

  it("lists every metric but tables, with the organisation's targets; set, change and remove are audited with before and after", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const admin = callerFor(tdb.db, members.admin);
    const list = await callerFor(tdb.db, members.viewer).benchmark.list({ orgSlug: org.slug });
    expect(list.find((r) => r.key === "nps")).toMatchObject({ unit: "score", direction: "higher", target: null, warning: null });
    expect(list.some((r) => r.key === "checkout_step_exits")).toBe(false);

    await admin.benchmark.set({ orgSlug: org.slug, metricKey: "nps", target: 50, warning: 30 });
    await admin.benchmark.set({ orgSlug: org.slug, metricKey: "nps", target: 40, warning: 25.5 });
    await admin.benchmark.delete({ orgSlug: org.slug, metricKey: "nps" });
    expect((await admin.benchmark.list({ orgSlug: org.slug })).find((r) => r.key === "nps")!.target).toBeNull();

    const log = await admin.audit.list({ orgSlug: org.slug, targetType: "metric" });
    expect(log.items.map((e) => [e.action, e.targetId, e.before, e.after])).toEqual([
      ["benchmark.deleted", "nps", { target: 40, warning: 25.5 }, null],
      ["benchmark.set", "nps", { target: 50, warning: 30 }, { target: 40, warning: 25.5 }],
      ["benchmark.set", "nps", null, { target: 50, warning: 30 }],
    ]);
    expect(await outcome(admin.benchmark.delete({ orgSlug: org.slug, metricKey: "nps" }))).toBe("NOT_FOUND");
  });

  it("the journey preset sets the six stage targets in one audited step and leaves other targets alone", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const admin = callerFor(tdb.db, members.admin);
    await admin.benchmark.set({ orgSlug: org.slug, metricKey: "referral_rate", target: 35, warning: 30 });
    await admin.benchmark.set({ orgSlug: org.slug, metricKey: "nps", target: 50, warning: 30 });
    expect(await admin.benchmark.applyPreset({ orgSlug: org.slug, presetId: "journey" })).toEqual({ applied: 6 });
    const targets = Object.fromEntries((await admin.benchmark.list({ orgSlug: org.slug })).filter((r) => r.target !== null).map((r) => [r.key, [r.target, r.warning]]));
    expect(targets).toEqual({
      welcome_call_booking_rate: [80, 72],
      request_response_hours: [24, 26.4],
      portal_logins_per_week: [1, 0.9],
      deliverable_review_hours: [48, 52.8],
      repeat_service_rate: [60, 54],
      referral_rate: [20, 18],
      nps: [50, 30],
    });
    const [entry] = (await admin.audit.list({ orgSlug: org.slug, action: "benchmark.preset_applied" })).items;
    expect(entry).toMatchObject({ targetId: "journey", before: { referral_rate: { target: 35, warning: 30 }, welcome_call_booking_rate: null }, after: { referral_rate: { target: 20, warning: 18 } } });
  });

  it.each([
    [{ metricKey: "nps", target: 50, warning: 60 }, "warning", "at or below the target"],
    [{ metricKey: "request_response_hours", target: 24, warning: 12 }, "warning", "at or above the target"],
    [{ metricKey: "csat", target: 120, warning: 90 }, "target", "between 0 and 100"],
    [{ metricKey: "net_revenue_retention", target: 110, warning: -1 }, "warning", "cannot be negative"],
    [{ metricKey: "checkout_step_exits", target: 1, warning: 1 }, "metricKey", "is a table"],
    [{ metricKey: "no_such_metric", target: 1, warning: 1 }, "metricKey", 'no metric "no_such_metric"'],
    [{ metricKey: "nps", target: Number.NaN, warning: 1 }, "target", "as a number"],
  ])("refuses %j, naming the field and the rule", async (input, field, message) => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const error = await failure(callerFor(tdb.db, members.admin).benchmark.set({ orgSlug: org.slug, ...input }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(error.cause ?? error.message) + error.message).toMatch(new RegExp(message));
    expect(JSON.stringify(error)).toContain(field);
  });

  it("net revenue retention may aim above 100 % (expansion revenue)", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    expect(await callerFor(tdb.db, members.admin).benchmark.set({ orgSlug: org.slug, metricKey: "net_revenue_retention", target: 110, warning: 100 })).toMatchObject({ target: 110, warning: 100 });
  });

  it("analysts and viewers cannot change targets; an unknown preset is refused", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    for (const role of ["analyst", "viewer"] as const) {
      const caller = callerFor(tdb.db, members[role]);
      expect(await outcome(caller.benchmark.set({ orgSlug: org.slug, metricKey: "nps", target: 1, warning: 0 }))).toBe("FORBIDDEN");
      expect(await outcome(caller.benchmark.applyPreset({ orgSlug: org.slug, presetId: "journey" }))).toBe("FORBIDDEN");
    }
    expect(await outcome(callerFor(tdb.db, members.admin).benchmark.applyPreset({ orgSlug: org.slug, presetId: "industry.mining" }))).toBe("BAD_REQUEST");
  });

  it("targets belong to one organisation: another organisation neither sees nor is judged by them", async () => {
    const a = await insertOrganizationWithRoles(tdb.db);
    const b = await insertOrganizationWithRoles(tdb.db);
    await shopWithThreeOrders(b.org.id);
    await callerFor(tdb.db, a.members.admin).benchmark.set({ orgSlug: a.org.slug, metricKey: "orders", target: 5, warning: 3 });
    const bAdmin = callerFor(tdb.db, b.members.admin);
    expect((await bAdmin.benchmark.list({ orgSlug: b.org.slug })).find((r) => r.key === "orders")!.target).toBeNull();
    expect((await bAdmin.metric.summary({ orgSlug: b.org.slug, keys: ["orders"], ...PERIOD })).metrics[0]!.benchmark).toBeNull();
    // An admin of A who is only a viewer of B cannot set B's targets.
    await addMember(tdb.db, b.org.id, a.members.admin.id, "viewer");
    expect(await outcome(callerFor(tdb.db, a.members.admin).benchmark.set({ orgSlug: b.org.slug, metricKey: "orders", target: 1, warning: 0 }))).toBe("FORBIDDEN");
  });
});
