import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganization } from "@/db/testing/factories";
import { customers, events, identityLinks, orderCancellations, orderRefunds, orders, surveyResponses } from "@/db/schema";
import { ingestEvents, type IngestOrganization } from "./store";

let tdb: TestDatabase;
let org: IngestOrganization;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  const row = await insertOrganization(tdb.db, { currency: "EUR" });
  org = { id: row.id, currency: row.currency };
});

const at = (iso: string) => `${iso}T10:00:00Z`;
const placed = (orderId: string, total: number, extra: Record<string, unknown> = {}, ts = at("2026-03-01")) => ({
  type: "order.placed",
  customerId: "c1",
  timestamp: ts,
  properties: { orderId, total, ...extra },
});
const ingest = (batch: unknown[]) => ingestEvents(tdb.db, org, batch);
const orderRow = async (orderId: string) =>
  (await tdb.db.select().from(orders).where(and(eq(orders.orgId, org.id), eq(orders.orderId, orderId))))[0];

describe("a batch", () => {
  it("stores the valid events and reports the others by index, code and message", async () => {
    const result = await ingest([
      { type: "page.viewed", anonymousId: "a1" },
      { type: "order.placed", customerId: "c1", properties: { total: 10 } },
      { type: "Not A Type", customerId: "c1" },
      { type: "page.viewed" },
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([
      { index: 1, code: "missing_property", message: "order.placed needs properties.orderId" },
      { index: 2, code: "invalid_type", message: expect.stringContaining("noun.verb") },
      { index: 3, code: "missing_identity", message: expect.any(String) },
    ]);
    expect(await tdb.db.$count(events)).toBe(1);
  });

  it("stores an id once, whether repeated in the batch or sent again later", async () => {
    const e = { id: "evt_1", type: "page.viewed", anonymousId: "a1" };
    expect(await ingest([e, e])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await ingest([e])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await tdb.db.$count(events)).toBe(1);
  });

  it("keeps unknown well-formed types as custom events", async () => {
    await ingest([{ type: "wishlist.item_added", customerId: "c1", properties: { anything: [1, 2] } }]);
    const [row] = await tdb.db.select().from(events);
    expect(row).toMatchObject({ type: "wishlist.item_added", custom: true, properties: { anything: [1, 2] } });
  });
});

describe("orders", () => {
  it("stores money as minor units of the order's currency, the organisation's by default", async () => {
    await ingest([placed("o1", 49.9), placed("o2", 1200, { currency: "jpy" }), placed("o3", 12.345, { currency: "BHD" })]);
    expect(await orderRow("o1")).toMatchObject({ totalMinor: 4990, currency: "EUR" });
    expect(await orderRow("o2")).toMatchObject({ totalMinor: 1200, currency: "JPY" });
    expect(await orderRow("o3")).toMatchObject({ totalMinor: 12345, currency: "BHD" });
  });

  it("treats a second order.placed for an orderId as a duplicate that changes nothing", async () => {
    await ingest([placed("o1", 10)]);
    expect(await ingest([{ ...placed("o1", 99), id: "other-envelope-id" }])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await orderRow("o1"))!.totalMinor).toBe(1000);
    expect(await tdb.db.$count(events)).toBe(1);
  });

  it("a second order.placed does not take its envelope id: a later event with that id is stored, in the same batch (2 of 3) and in a later one", async () => {
    const view = (id: string) => ({ id, type: "page.viewed", customerId: "c2", timestamp: at("2026-03-02"), properties: { path: "/" } });
    expect(await ingest([placed("o1", 10), { ...placed("o1", 99), id: "e1" }, view("e1")])).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(await ingest([{ ...placed("o1", 99), id: "e2" }])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await ingest([view("e2"), view("e2")])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await tdb.db.$count(events)).toBe(3);
    expect(await tdb.db.$count(events, eq(events.type, "page.viewed"))).toBe(2);
  });

  it("a placement whose envelope id an earlier batch took is a retry and holds nothing: the next placement of its orderId in the batch is the order (o2 at 20)", async () => {
    const view = { id: "e1", type: "page.viewed", customerId: "c2", timestamp: at("2026-03-02"), properties: { path: "/" } };
    await ingest([view]);
    expect(await ingest([{ ...placed("o2", 99), id: "e1" }, { ...placed("o2", 20), id: "e3" }])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect((await orderRow("o2"))!.totalMinor).toBe(2000);
    expect(await tdb.db.$count(events)).toBe(2);
  });

  it("marks an order sustainable when any item is", async () => {
    await ingest([placed("o1", 10, { items: [{ productId: "p1", sustainable: false }, { productId: "p2", sustainable: true }] })]);
    expect((await orderRow("o1"))!.sustainable).toBe(true);
  });

  it("applies refunds in timestamp order, capped at what is left, whatever the arrival order (100 - 30 - rest 70 - 5 capped to 0)", async () => {
    const refund = (amount: number | undefined, day: string) => ({
      type: "order.refunded",
      customerId: "c1",
      timestamp: at(day),
      properties: amount === undefined ? { orderId: "o1" } : { orderId: "o1", amount },
    });
    // The last refund arrives first, before the order itself.
    await ingest([refund(5, "2026-03-09")]);
    await ingest([refund(undefined, "2026-03-05")]);
    await ingest([placed("o1", 100)]);
    await ingest([refund(30, "2026-03-02")]);
    expect((await orderRow("o1"))!.refundedMinor).toBe(10000);
    const applied = await tdb.db.select({ at: orderRefunds.refundedAt, applied: orderRefunds.appliedMinor }).from(orderRefunds).orderBy(orderRefunds.refundedAt);
    expect(applied.map((r) => r.applied)).toEqual([3000, 7000, 0]);
  });

  it("cancels an order whether the cancellation comes before or after it", async () => {
    await ingest([{ type: "order.canceled", customerId: "c1", timestamp: at("2026-03-04"), properties: { orderId: "o2" } }]);
    await ingest([placed("o1", 10), placed("o2", 20)]);
    await ingest([{ type: "order.canceled", customerId: "c1", timestamp: at("2026-03-03"), properties: { orderId: "o1" } }]);
    expect((await orderRow("o1"))!.canceledAt?.toISOString()).toBe("2026-03-03T10:00:00.000Z");
    expect((await orderRow("o2"))!.canceledAt?.toISOString()).toBe("2026-03-04T10:00:00.000Z");
  });

  it("takes two cancellations of one order in one batch, the earliest with its reason (once a 500)", async () => {
    const cancel = (day: string, reason: string) => ({ type: "order.canceled", customerId: "c1", timestamp: at(day), properties: { orderId: "o1", reason } });
    await ingest([placed("o1", 10)]);
    const result = await ingest([cancel("2026-03-06", "late"), cancel("2026-03-05", "changed_mind")]);
    expect(result).toMatchObject({ accepted: 2, rejected: [] });
    expect((await orderRow("o1"))!.canceledAt?.toISOString()).toBe("2026-03-05T10:00:00.000Z");
    await ingest([cancel("2026-03-04", "fraud")]);
    const [row] = await tdb.db.select().from(orderCancellations).where(eq(orderCancellations.orgId, org.id));
    expect(row).toMatchObject({ orderId: "o1", reason: "fraud" });
    expect(row!.canceledAt.toISOString()).toBe("2026-03-04T10:00:00.000Z");
  });
});

describe("identity and traits", () => {
  it("links an anonymous id to the customer of its earliest linking event and counts the conflicts", async () => {
    await ingest([{ type: "page.viewed", anonymousId: "a1", customerId: "c2", timestamp: at("2026-03-05") }]);
    await ingest([{ type: "page.viewed", anonymousId: "a1", customerId: "c1", timestamp: at("2026-03-01") }]);
    await ingest([{ type: "page.viewed", anonymousId: "a1", customerId: "c3", timestamp: at("2026-03-09") }]);
    const [link] = await tdb.db.select().from(identityLinks);
    expect(link).toMatchObject({ anonymousId: "a1", customerId: "c1", conflicts: 2 });
  });

  it("keeps per trait the value with the latest timestamp, even when an older one arrives later", async () => {
    const identify = (traits: Record<string, unknown>, day: string) => ({ type: "customer.identified", customerId: "c1", timestamp: at(day), properties: { traits } });
    await ingest([identify({ country: "DE", plan: "pro" }, "2026-03-05")]);
    await ingest([identify({ country: "FR", email: "c1@example.test" }, "2026-03-01")]);
    await ingest([{ type: "page.viewed", customerId: "c1", timestamp: at("2026-02-01") }]);
    const [row] = await tdb.db.select().from(customers);
    expect(row!.traits).toEqual({ country: "DE", plan: "pro", email: "c1@example.test" });
    expect(row!.firstSeenAt.toISOString()).toBe("2026-02-01T10:00:00.000Z");
    expect(row!.lastSeenAt.toISOString()).toBe("2026-03-05T10:00:00.000Z");
  });
});

describe("survey responses", () => {
  it("stores a response row and refuses scores outside the kind's range", async () => {
    const result = await ingest([
      { type: "survey.responded", customerId: "c1", properties: { kind: "nps", score: 9, comment: "great" } },
      { type: "survey.responded", customerId: "c1", properties: { kind: "ces", score: 9 } },
      { type: "survey.responded", customerId: "c1", properties: { kind: "exit", reason: "price" } },
    ]);
    expect(result.rejected).toEqual([{ index: 1, code: "invalid_property", message: "survey.responded: properties.score must be from 1 to 7 for ces" }]);
    const rows = await tdb.db.select({ kind: surveyResponses.kind, score: surveyResponses.score }).from(surveyResponses).orderBy(surveyResponses.kind);
    expect(rows).toEqual([{ kind: "exit", score: null }, { kind: "nps", score: "9.00" }]);
  });
});
