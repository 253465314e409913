import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { orderRefunds, orders } from "@/db/schema";
import { insertOrganization } from "@/db/testing/factories";
import { writesSideBySide } from "@/db/testing/open-write";
import { createTestDatabase, testEngine, type TestDatabase } from "@/db/testing/test-database";
import { ingestEvents, type IngestOrganization } from "./store";

// An order and what happens to it, sent in two batches side by side (PostgreSQL: the embedded database has
// one connection). Each batch looks for the other's row: the order takes an earlier cancellation as it is
// inserted, a cancellation marks an order already there, refunds are applied when either arrives. Without the
// batches' locks on their orderIds, each missed the other's uncommitted row and the order stayed placed.

let tdb: TestDatabase;
let org: IngestOrganization;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  org = await insertOrganization(tdb.db, { currency: "EUR" });
});

const placed = { type: "order.placed", customerId: "c1", timestamp: "2026-06-02T10:00:00Z", properties: { orderId: "o1", total: 40 } };
const canceled = { type: "order.canceled", customerId: "c1", timestamp: "2026-06-02T10:05:00Z", properties: { orderId: "o1" } };
const refunded = { type: "order.refunded", customerId: "c1", timestamp: "2026-06-02T10:06:00Z", properties: { orderId: "o1", amount: 15 } };

/** `first` stays open while `second` is sent beside it; both commit. `second` may wait for `first`. */
const sideBySide = (first: unknown[], second: unknown[]) =>
  writesSideBySide(tdb.db, (tx) => ingestEvents(tx, org, first), () => ingestEvents(tdb.db, org, second));

const order = async () => (await tdb.db.select().from(orders).where(and(eq(orders.orgId, org.id), eq(orders.orderId, "o1"))))[0]!;

describe.runIf(testEngine() === "postgres")("an order and its cancellation or refund, in two batches side by side", () => {
  it.each([
    ["the order's batch open, the cancellation beside it", [placed], [canceled]],
    ["the cancellation's batch open, the order beside it", [canceled], [placed]],
  ])("%s: the order is cancelled", async (_, first, second) => {
    await sideBySide(first, second);
    expect((await order()).canceledAt).toEqual(new Date(canceled.timestamp));
  });

  it.each([
    ["the order's batch open, the refund beside it", [placed], [refunded]],
    ["the refund's batch open, the order beside it", [refunded], [placed]],
  ])("%s: 15 of 40 refunded", async (_, first, second) => {
    await sideBySide(first, second);
    expect((await order()).refundedMinor).toBe(1500);
    const [refund] = await tdb.db.select().from(orderRefunds).where(eq(orderRefunds.orgId, org.id));
    expect(refund!.appliedMinor).toBe(1500);
  });
});
