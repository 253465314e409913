import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganization } from "@/db/testing/factories";
import { auditLogs, customers, eventMessageIds, events, identityLinks, orderCancellations, orderRefunds, orders, surveyResponses } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { ingestEvents, type IngestOrganization } from "@/server/ingest/store";
import { erasedCustomerReference, eraseCustomer, exportCustomer } from "./customer-privacy";

let tdb: TestDatabase;
let org: IngestOrganization;
let other: IngestOrganization;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  org = await insertOrganization(tdb.db, { currency: "EUR" });
  other = await insertOrganization(tdb.db, { currency: "EUR" });
});

const actor = { userId: null, label: "privacy test" };
const ts = (day: number, hour = 10) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();

/**
 * Ada (c1) browses anonymously on dev1, identifies, orders twice (one refunded in part, one canceled),
 * answers a survey, and the back office sends a shipment for her order under its own id. She also
 * refunds an order that has not arrived. Bob (c2) shares nothing with her except that he once claimed
 * her device (a conflicting link, ignored), and the same customer id exists in another organisation.
 */
async function seed() {
  const result = await ingestEvents(tdb.db, org, [
    { id: "ada-anon-view", type: "page.viewed", anonymousId: "dev1", timestamp: ts(1) },
    { id: "ada-anon-survey", type: "survey.responded", anonymousId: "dev1", timestamp: ts(1, 11), properties: { kind: "nps", score: 9, comment: "lovely" } },
    { id: "ada-identify", type: "customer.identified", customerId: "c1", anonymousId: "dev1", timestamp: ts(2), properties: { traits: { email: "ada@example.test", name: "Ada" } } },
    { id: "ada-order-1", type: "order.placed", customerId: "c1", timestamp: ts(3), properties: { orderId: "o1", total: 100, currency: "EUR" } },
    { id: "ada-order-2", type: "order.placed", anonymousId: "dev1", timestamp: ts(4), properties: { orderId: "o2", total: 40, currency: "USD" } },
    { id: "ada-refund", type: "order.refunded", customerId: "c1", timestamp: ts(5), properties: { orderId: "o1", amount: 30, reason: "damaged" } },
    { id: "ada-cancel", type: "order.canceled", customerId: "c1", timestamp: ts(5, 11), properties: { orderId: "o2" } },
    { id: "ada-pending-refund", type: "order.refunded", customerId: "c1", timestamp: ts(6), properties: { orderId: "o-not-yet" } },
    { id: "backoffice-ship", type: "order.shipped", customerId: "warehouse", timestamp: ts(6, 11), properties: { orderId: "o1" } },
    { id: "bob-claims-dev1", type: "page.viewed", customerId: "c2", anonymousId: "dev1", timestamp: ts(7) },
    { id: "bob-order", type: "order.placed", customerId: "c2", timestamp: ts(7, 11), properties: { orderId: "o3", total: 10 } },
    { id: "bob-refund", type: "order.refunded", customerId: "c2", timestamp: ts(7, 12), properties: { orderId: "o3" } },
    { id: "bob-cancel-pending", type: "order.canceled", customerId: "c2", timestamp: ts(7, 13), properties: { orderId: "o-bob-later" } },
    { id: "bob-survey", type: "survey.responded", customerId: "c2", timestamp: ts(8), properties: { kind: "csat", score: 4 } },
    { id: "stranger", type: "page.viewed", anonymousId: "dev9", timestamp: ts(8) },
  ]);
  expect(result.rejected).toEqual([]);
  await ingestEvents(tdb.db, other, [
    { id: "ada-identify", type: "customer.identified", customerId: "c1", anonymousId: "dev1", timestamp: ts(2), properties: { traits: { email: "other@example.test" } } },
    { id: "their-order", type: "order.placed", customerId: "c1", timestamp: ts(3), properties: { orderId: "o1", total: 5 } },
  ]);
}

/** Every row of every customer table, as comparable strings per table. */
async function snapshot(orgId: string) {
  const of = async (table: typeof events | typeof orders, key: string) =>
    (await tdb.db.execute(sql`select * from ${table} where org_id = ${orgId} order by ${sql.raw(key)}`)) as unknown;
  const rows = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows).map((r) => JSON.stringify(r));
  return {
    events: rows(await of(events, "id")),
    messageIds: rows(await tdb.db.execute(sql`select * from ${eventMessageIds} where org_id = ${orgId} order by message_id`)),
    orders: rows(await of(orders, "order_id")),
    refunds: rows(await tdb.db.execute(sql`select * from ${orderRefunds} where org_id = ${orgId} order by event_id`)),
    cancellations: rows(await tdb.db.execute(sql`select * from ${orderCancellations} where org_id = ${orgId} order by order_id`)),
    responses: rows(await tdb.db.execute(sql`select * from ${surveyResponses} where org_id = ${orgId} order by event_id`)),
    customers: rows(await tdb.db.execute(sql`select * from ${customers} where org_id = ${orgId} order by customer_id`)),
    links: rows(await tdb.db.execute(sql`select * from ${identityLinks} where org_id = ${orgId} order by anonymous_id`)),
  };
}

describe("exportCustomer", () => {
  it("returns everything stored about the customer and nothing about anyone else", async () => {
    await seed();
    const data = await exportCustomer(tdb.db, org.id, "c1", new Date("2026-04-01T00:00:00Z"));
    expect(data.format).toBe("aftercart.customer-export.v1");
    expect(data.exportedAt).toBe("2026-04-01T00:00:00.000Z");
    expect(data.customer).toMatchObject({ customerId: "c1", traits: { email: "ada@example.test", name: "Ada" }, firstSeenAt: ts(2) });
    expect(data.identityLinks).toEqual([{ anonymousId: "dev1", linkedAt: ts(2), conflictingClaimsIgnored: 1 }]);
    expect(data.events.map((e) => e.messageId)).toEqual([
      "ada-anon-view",
      "ada-anon-survey",
      "ada-identify",
      "ada-order-1",
      "ada-order-2",
      "ada-refund",
      "ada-cancel",
      "ada-pending-refund",
      "backoffice-ship",
    ]);
    expect(data.orders.map((o) => [o.orderId, o.currency, o.total, o.refunded, o.canceledAt !== null])).toEqual([
      ["o1", "EUR", 100, 30, false],
      ["o2", "USD", 40, 0, true],
    ]);
    expect(data.refunds).toEqual([
      { orderId: "o1", refundedAt: ts(5), requestedAmount: 30, applied: 30, currency: "EUR", reason: "damaged" },
      { orderId: "o-not-yet", refundedAt: ts(6), requestedAmount: null, applied: null, currency: null, reason: null },
    ]);
    expect(data.cancellations.map((c) => c.orderId)).toEqual(["o2"]);
    expect(data.surveyResponses).toEqual([
      { kind: "nps", score: 9, surveyId: null, reason: null, comment: "lovely", checkoutId: null, respondedAt: ts(1, 11) },
    ]);
    // Plain JSON: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it("answers NOT_FOUND for a customer the organisation does not have", async () => {
    await seed();
    await expect(exportCustomer(tdb.db, org.id, "c404")).rejects.toThrow(DomainError);
    await expect(exportCustomer(tdb.db, org.id, "warehouse")).resolves.toMatchObject({ customer: { customerId: "warehouse" } });
  });
});

describe("eraseCustomer", () => {
  it("deletes everything the export contains, and reports the counts", async () => {
    await seed();
    const before = await exportCustomer(tdb.db, org.id, "c1");
    const erased = await eraseCustomer(tdb.db, actor, org.id, "c1");
    expect(erased).toEqual({ events: before.events.length, orders: before.orders.length, responses: before.surveyResponses.length });
    expect(erased).toEqual({ events: 9, orders: 2, responses: 1 });

    await expect(exportCustomer(tdb.db, org.id, "c1")).rejects.toThrow(DomainError);
    const left = await tdb.db.select({ messageId: events.messageId }).from(events).where(eq(events.orgId, org.id)).orderBy(asc(events.id));
    expect(left.map((e) => e.messageId)).toEqual(["bob-claims-dev1", "bob-order", "bob-refund", "bob-cancel-pending", "bob-survey", "stranger"]);
    const ids = await tdb.db.select({ messageId: eventMessageIds.messageId }).from(eventMessageIds).where(eq(eventMessageIds.orgId, org.id));
    expect(ids.map((r) => r.messageId).sort()).toEqual(left.map((e) => e.messageId).sort());
    expect((await tdb.db.select({ orderId: orders.orderId }).from(orders).where(eq(orders.orgId, org.id))).map((o) => o.orderId)).toEqual(["o3"]);
    expect((await tdb.db.select({ orderId: orderRefunds.orderId }).from(orderRefunds).where(eq(orderRefunds.orgId, org.id))).map((r) => r.orderId)).toEqual(["o3"]);
    expect((await tdb.db.select({ orderId: orderCancellations.orderId }).from(orderCancellations).where(eq(orderCancellations.orgId, org.id))).map((c) => c.orderId)).toEqual(["o-bob-later"]);
    expect((await tdb.db.select({ kind: surveyResponses.kind }).from(surveyResponses).where(eq(surveyResponses.orgId, org.id))).map((r) => r.kind)).toEqual(["csat"]);
    expect((await tdb.db.select({ id: customers.customerId }).from(customers).where(eq(customers.orgId, org.id))).map((c) => c.id).sort()).toEqual(["c2", "warehouse"]);
    expect(await tdb.db.$count(identityLinks, eq(identityLinks.orgId, org.id))).toBe(0);
  });

  it("leaves other customers and other organisations exactly as they were", async () => {
    await seed();
    const bobBefore = await exportCustomer(tdb.db, org.id, "c2");
    const otherOrgBefore = await snapshot(other.id);
    await eraseCustomer(tdb.db, actor, org.id, "c1");
    expect(await exportCustomer(tdb.db, org.id, "c2")).toEqual({ ...bobBefore, exportedAt: expect.any(String) });
    expect(await snapshot(other.id)).toEqual(otherOrgBefore);
  });

  it("records the erasure with counts only: no traits, no email, no customer id in clear", async () => {
    await seed();
    await eraseCustomer(tdb.db, actor, org.id, "c1");
    const entries = await tdb.db.select().from(auditLogs).where(eq(auditLogs.orgId, org.id));
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({
      action: "customer.erased",
      targetType: "customer",
      targetId: erasedCustomerReference(org.id, "c1"),
      actorLabel: "privacy test",
      before: null,
      after: { events: 9, orders: 2, responses: 1 },
    });
    const stored = JSON.stringify(entry);
    for (const personal of ["ada@example.test", "Ada", "dev1", '"c1"', "lovely"]) expect(stored).not.toContain(personal);
    // The reference is the organisation's own: the same id elsewhere gives another one.
    expect(erasedCustomerReference(other.id, "c1")).not.toBe(entry!.targetId);
  });

  it("lets the merchant send the same message ids again afterwards, as new data", async () => {
    await seed();
    await eraseCustomer(tdb.db, actor, org.id, "c1");
    const again = await ingestEvents(tdb.db, org, [{ id: "ada-identify", type: "customer.identified", customerId: "c1", timestamp: ts(9), properties: { traits: { plan: "pro" } } }]);
    expect(again).toMatchObject({ accepted: 1, duplicates: 0 });
    const data = await exportCustomer(tdb.db, org.id, "c1");
    expect(data.customer.traits).toEqual({ plan: "pro" });
    expect(data.events).toHaveLength(1);
  });

  it("answers NOT_FOUND for an unknown customer, and for a second erasure, changing nothing", async () => {
    await seed();
    const before = await snapshot(org.id);
    await expect(eraseCustomer(tdb.db, actor, org.id, "c404")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(eraseCustomer(tdb.db, actor, other.id, "c2")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await snapshot(org.id)).toEqual(before);
    await eraseCustomer(tdb.db, actor, org.id, "c1");
    await expect(eraseCustomer(tdb.db, actor, org.id, "c1")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await tdb.db.$count(auditLogs, eq(auditLogs.orgId, org.id))).toBe(1);
  });
});
