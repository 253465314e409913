import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { insertOrganizationWithKeys } from "@/db/testing/factories";
import { auditLogs, events } from "@/db/schema";
import { ingestEvents } from "@/server/ingest/store";
import { restHandler } from "@/server/http/handler";
import { handleCustomerDelete, handleCustomerExport, handleCustomerGet } from "./http";

// Exactly what the route files export (server/ may not import app/, so they are rebuilt here).
const GET = restHandler(handleCustomerGet);
const DELETE = restHandler(handleCustomerDelete);
const EXPORT = restHandler(handleCustomerExport);

let tdb: TestDatabase;
let mine: Awaited<ReturnType<typeof insertOrganizationWithKeys>>;
let theirs: Awaited<ReturnType<typeof insertOrganizationWithKeys>>;
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  mine = await insertOrganizationWithKeys(tdb.db, { currency: "EUR" });
  theirs = await insertOrganizationWithKeys(tdb.db, { currency: "EUR" });
  await ingestEvents(tdb.db, mine.org, [
    { type: "page.viewed", anonymousId: "dev1", timestamp: "2026-03-01T10:00:00Z" },
    { type: "customer.identified", customerId: "c 1/ü", anonymousId: "dev1", timestamp: "2026-03-02T10:00:00Z", properties: { traits: { email: "ada@example.test" } } },
    { type: "order.placed", customerId: "c 1/ü", timestamp: "2026-03-03T10:00:00Z", properties: { orderId: "o1", total: 49.9 } },
    { type: "order.placed", customerId: "c 1/ü", timestamp: "2026-03-04T10:00:00Z", properties: { orderId: "o2", total: 10, currency: "JPY" } },
    { type: "survey.responded", customerId: "c 1/ü", timestamp: "2026-03-05T10:00:00Z", properties: { kind: "csat", score: 5 } },
  ]);
  await ingestEvents(tdb.db, theirs.org, [{ type: "page.viewed", customerId: "theirs", timestamp: "2026-03-01T10:00:00Z" }]);
});

const CUSTOMER = "c 1/ü";
const call = (handler: typeof GET, customerId: string, key: string | null, method = "GET") =>
  handler(
    new Request(`http://localhost/api/v1/customers/${encodeURIComponent(customerId)}`, {
      method,
      headers: key ? { authorization: `Bearer ${key}` } : {},
    }),
    { params: Promise.resolve({ customerId }) },
  );

describe("GET /api/v1/customers/{customerId}", () => {
  it("answers traits, first and last seen, order count and revenue, with an X-Request-Id", async () => {
    const response = await call(GET, CUSTOMER, mine.secretKey);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(await response.json()).toEqual({
      customerId: CUSTOMER,
      traits: { email: "ada@example.test" },
      firstSeenAt: "2026-03-01T10:00:00.000Z",
      lastSeenAt: "2026-03-05T10:00:00.000Z",
      anonymousIds: ["dev1"],
      orderCount: 2,
      canceledOrderCount: 0,
      revenue: { currency: "EUR", net: 49.9, orders: 1, otherCurrencies: [{ currency: "JPY", net: 10, orders: 1 }] },
    });
  });

  it("answers 401 without a key or with an unknown one, 403 to an ingest key", async () => {
    expect((await call(GET, CUSTOMER, null)).status).toBe(401);
    expect((await call(GET, CUSTOMER, "ac_sec_doesnotexistdoesnotexist")).status).toBe(401);
    const ingest = await call(GET, CUSTOMER, mine.ingestKey);
    expect(ingest.status).toBe(403);
    expect(await ingest.json()).toMatchObject({ error: { code: "wrong_key_kind" } });
  });

  it("answers 404 customer_not_found for an unknown customer and for another organisation's", async () => {
    for (const id of ["nobody", "theirs"]) {
      const response = await call(GET, id, mine.secretKey);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: "customer_not_found", message: expect.stringContaining(id), details: null } });
    }
    expect((await call(GET, "theirs", theirs.secretKey)).status).toBe(200);
  });

  it("answers 400 for an id longer than 128 characters", async () => {
    const response = await call(GET, "x".repeat(129), mine.secretKey);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_customer_id" } });
  });
});

describe("GET /api/v1/customers/{customerId}/export", () => {
  it("answers everything stored about the customer", async () => {
    const response = await call(EXPORT, CUSTOMER, mine.secretKey);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ format: "aftercart.customer-export.v1", customer: { customerId: CUSTOMER } });
    expect(body.events).toHaveLength(5);
    expect(body.orders).toHaveLength(2);
    expect(body.surveyResponses).toHaveLength(1);
    expect(body.identityLinks).toEqual([expect.objectContaining({ anonymousId: "dev1" })]);
  });

  it("answers 403 to an ingest key and 404 for another organisation's customer", async () => {
    expect((await call(EXPORT, CUSTOMER, mine.ingestKey)).status).toBe(403);
    expect((await call(EXPORT, "theirs", mine.secretKey)).status).toBe(404);
  });
});

describe("DELETE /api/v1/customers/{customerId}", () => {
  it("erases it all and answers the counts; the audit log names the key", async () => {
    const response = await call(DELETE, CUSTOMER, mine.secretKey, "DELETE");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ erased: { events: 5, orders: 2, responses: 1 } });
    expect(await tdb.db.$count(events, eq(events.orgId, mine.org.id))).toBe(0);
    const [entry] = await tdb.db.select().from(auditLogs).where(eq(auditLogs.orgId, mine.org.id));
    expect(entry).toMatchObject({ action: "customer.erased", actorUserId: null, actorLabel: expect.stringMatching(/^api key ac_sec_/) });
    expect((await call(GET, CUSTOMER, mine.secretKey)).status).toBe(404);
    expect((await call(DELETE, CUSTOMER, mine.secretKey, "DELETE")).status).toBe(404);
  });

  it("refuses an ingest key (403) and another organisation's customer (404), erasing nothing", async () => {
    expect((await call(DELETE, CUSTOMER, mine.ingestKey, "DELETE")).status).toBe(403);
    expect((await call(DELETE, "theirs", mine.secretKey, "DELETE")).status).toBe(404);
    expect((await call(DELETE, CUSTOMER, theirs.secretKey, "DELETE")).status).toBe(404);
    expect(await tdb.db.$count(events, eq(events.orgId, mine.org.id))).toBe(5);
    expect(await tdb.db.$count(events, eq(events.orgId, theirs.org.id))).toBe(1);
  });
});
