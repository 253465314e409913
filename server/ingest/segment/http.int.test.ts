import { gzipSync } from "node:zlib";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { addMember, insertOrganizationWithKeys, insertUser } from "@/db/testing/factories";
import { customers, events, identityLinks, orders } from "@/db/schema";
import { callerFor } from "@/server/testing/caller";
import { postSegment, segmentPreflight } from "./http";

// The route (app/api/segment/v1/[kind]/route.ts) only hands its [kind] to postSegment.

let tdb: TestDatabase;
let keys: Awaited<ReturnType<typeof insertOrganizationWithKeys>>;
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  keys = await insertOrganizationWithKeys(tdb.db);
});
afterEach(() => vi.restoreAllMocks());

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`;

function send(kind: string, body: unknown, headers: Record<string, string> = {}) {
  return postSegment(
    new Request(`http://localhost/api/segment/v1/${kind}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: basic(keys.ingestKey), ...headers },
      body: typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
    }),
    kind,
  );
}

const storedTypes = async () =>
  (await tdb.db.select({ type: events.type }).from(events).where(eq(events.orgId, keys.org.id)).orderBy(events.id)).map((r) => r.type);

const order = (messageId: string) => ({
  type: "track",
  messageId,
  userId: "c_1",
  event: "Order Completed",
  timestamp: "2026-03-02T10:15:00Z",
  properties: { order_id: "o_1", checkout_id: "ck_1", total: 59.9, currency: "EUR", products: [{ product_id: "p_1", quantity: 1, price: 59.9 }] },
});

describe("POST /api/segment/v1/{call}", () => {
  it("answers a track call as Segment does, with a request id and CORS headers, and stores it as source segment", async () => {
    const response = await send("track", { userId: "c_1", event: "Newsletter Signed Up", properties: { list: "weekly" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true });
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const [row] = await tdb.db.select().from(events).where(eq(events.orgId, keys.org.id));
    expect(row).toMatchObject({ type: "segment.newsletter_signed_up", custom: true, customerId: "c_1", source: "segment", properties: { list: "weekly" } });
  });

  it("keeps the request id the client sent", async () => {
    const response = await send("page", { anonymousId: "a" }, { "x-request-id": "req-42" });
    expect(response.headers.get("x-request-id")).toBe("req-42");
  });

  it("refuses a missing key (401), an unknown key (401) and a secret key (403)", async () => {
    const message = { anonymousId: "a" };
    const missing = await send("page", message, { authorization: "" });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: "missing_api_key", message: expect.stringContaining("HTTP Basic user name") } });
    expect((await send("page", message, { authorization: basic("ac_pub_doesnotexistdoesnotexist") })).status).toBe(401);
    const secret = await send("page", message, { authorization: basic(keys.secretKey) });
    expect(secret.status).toBe(403);
    expect(await secret.json()).toMatchObject({ error: { code: "wrong_key_kind" } });
    expect(await storedTypes()).toEqual([]);
  });

  it("takes the write key from the body and the one-letter paths, as analytics.js sends them", async () => {
    const response = await send("t", JSON.stringify({ writeKey: keys.ingestKey, anonymousId: "a", event: "Product Viewed", properties: { product_id: "p" } }), {
      authorization: "",
      "content-type": "text/plain",
    });
    expect(response.status).toBe(200);
    expect((await send("p", JSON.stringify({ writeKey: "ac_pub_doesnotexistdoesnotexist", anonymousId: "a" }), { authorization: "" })).status).toBe(401);
    expect(await storedTypes()).toEqual(["product.viewed"]);
  });

  it("reads gzip-compressed bodies", async () => {
    const body = gzipSync(JSON.stringify({ batch: [{ type: "page", anonymousId: "a" }] }));
    expect((await send("batch", new Uint8Array(body), { "content-encoding": "gzip" })).status).toBe(200);
    const broken = await send("batch", "not gzip at all", { "content-encoding": "gzip" });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: "invalid_gzip" } });
    expect((await send("batch", "{}", { "content-encoding": "br" })).status).toBe(415);
    expect(await storedTypes()).toEqual(["page.viewed"]);
  });

  it("answers a preflight so that browsers may post from a shop's own domain, with a request id", async () => {
    const response = await segmentPreflight(new Request("http://localhost/api/segment/v1/track", { method: "OPTIONS" }));
    expect(response.status).toBe(204);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("access-control-allow-headers")).toContain("Authorization");
  });

  it("refuses bad requests with the error shape: invalid JSON, wrong shapes, unknown endpoints", async () => {
    const cases: [string, string, number, string][] = [
      ["track", "{nope", 400, "invalid_json"],
      ["track", "[1]", 400, "invalid_shape"],
      ["batch", JSON.stringify({ batch: {} }), 400, "invalid_shape"],
      ["batch", JSON.stringify({ batch: [] }), 400, "empty_batch"],
      ["purchase", "{}", 404, "unknown_endpoint"],
    ];
    for (const [kind, body, status, code] of cases) {
      const response = await send(kind, body);
      expect(response.status, `${kind} ${body}`).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code, message: expect.any(String) } });
    }
  });

  it("refuses more than 500 messages or 500 KB with 413, storing nothing", async () => {
    const many = Array.from({ length: 501 }, () => ({ type: "page", anonymousId: "a" }));
    expect((await send("batch", { batch: many })).status).toBe(413);
    const big = Array.from({ length: 20 }, () => ({ type: "track", anonymousId: "a", event: "Big", properties: { blob: "x".repeat(26 * 1024) } }));
    const tooBig = await send("batch", { batch: big });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: { code: "payload_too_large" } });
    expect(await storedTypes()).toEqual([]);
  });

  it("answers a single call that cannot be stored with a 400 that says why, and stores nothing of it", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const response = await send("track", { userId: "c_1", event: "Order Completed", properties: { total: 10, checkout_id: "ck" } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "missing_property", message: "Order Completed needs properties.order_id", details: null } });
    expect(await storedTypes()).toEqual([]);
  });

  it("stores a batch's valid messages, answers 200 listing the others, and logs them with the request id", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const response = await send(
      "batch",
      { batch: [{ type: "page", anonymousId: "a" }, { type: "identify", anonymousId: "a", traits: {} }, { type: "track", userId: "c", event: "X" }] },
      { "x-request-id": "req-batch" },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true, rejected: [{ index: 1, code: "missing_user_id", message: expect.any(String) }] });
    expect(await storedTypes()).toEqual(["page.viewed", "segment.x"]);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![0]).toContain("request req-batch: 1 of 3 messages rejected");
    expect(warn.mock.calls[0]![1]).toContain("missing_user_id");
  });

  it("answers 400 when not one message of a batch can be stored", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const response = await send("batch", { batch: [{ type: "track", userId: "c", event: "Product Viewed" }] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: "no_valid_messages", message: expect.stringContaining("Product Viewed needs properties.product_id"), details: { rejected: [{ index: 0 }] } },
    });
  });
});

describe("what the messages do", () => {
  it("alias links the previous id to the user id", async () => {
    expect((await send("alias", { previousId: "anon_7", userId: "c_1", timestamp: "2026-03-01T09:00:00Z" })).status).toBe(200);
    const links = await tdb.db.select().from(identityLinks).where(eq(identityLinks.orgId, keys.org.id));
    expect(links).toEqual([expect.objectContaining({ anonymousId: "anon_7", customerId: "c_1", linkedAt: new Date("2026-03-01T09:00:00Z") })]);
  });

  it("identify upserts the customer's traits, later values winning per key", async () => {
    await send("identify", { userId: "c_1", anonymousId: "a_1", traits: { email: "old@example.test", plan: "free" }, timestamp: "2026-03-01T00:00:00Z" });
    await send("identify", { userId: "c_1", traits: { email: "ada@example.test", created_at: "2025-01-01" }, timestamp: "2026-03-02T00:00:00Z" });
    const [customer] = await tdb.db.select().from(customers).where(and(eq(customers.orgId, keys.org.id), eq(customers.customerId, "c_1")));
    expect(customer!.traits).toEqual({ email: "ada@example.test", plan: "free", createdAt: "2025-01-01" });
    const [link] = await tdb.db.select().from(identityLinks).where(eq(identityLinks.orgId, keys.org.id));
    expect(link).toMatchObject({ anonymousId: "a_1", customerId: "c_1" });
  });

  it("Order Completed with a checkout_id creates the order and completes the checkout", async () => {
    expect((await send("batch", { batch: [order("m_order")] })).status).toBe(200);
    const [row] = await tdb.db.select().from(orders).where(eq(orders.orgId, keys.org.id));
    expect(row).toMatchObject({ orderId: "o_1", checkoutId: "ck_1", totalMinor: 5990, currency: "EUR", customerId: "c_1" });
    const completed = await tdb.db.select().from(events).where(and(eq(events.orgId, keys.org.id), eq(events.type, "checkout.completed")));
    expect(completed).toEqual([expect.objectContaining({ messageId: "m_order:checkout.completed", properties: { checkoutId: "ck_1", orderId: "o_1" } })]);
  });

  it("stores a retried batch once: same messageIds, same answer, no new rows", async () => {
    const batch = { batch: [order("m_order"), { type: "page", messageId: "m_page", anonymousId: "a" }, { type: "alias", messageId: "m_alias", previousId: "a", userId: "c_1" }] };
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await send("batch", batch);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ success: true });
    }
    expect(await storedTypes()).toEqual(["order.placed", "checkout.completed", "page.viewed", "customer.identified"]);
    expect(await tdb.db.$count(orders, eq(orders.orgId, keys.org.id))).toBe(1);
  });

  it("applies the organisation's track mappings", async () => {
    const admin = await insertUser(tdb.db);
    await addMember(tdb.db, keys.org.id, admin.id, "admin");
    await callerFor(tdb.db, admin).trackMapping.set({ orgSlug: keys.org.slug, trackName: "Survey Answered", type: "survey.responded" });
    const response = await send("track", { userId: "c_1", event: "Survey Answered", properties: { kind: "nps", score: 9, survey_id: "s_1" } });
    expect(response.status).toBe(200);
    const [row] = await tdb.db.select().from(events).where(eq(events.orgId, keys.org.id));
    expect(row).toMatchObject({ type: "survey.responded", custom: false, properties: { kind: "nps", score: 9, surveyId: "s_1" } });
  });

  it("keeps one organisation's mappings away from another's events", async () => {
    const other = await insertOrganizationWithKeys(tdb.db);
    const admin = await insertUser(tdb.db);
    await addMember(tdb.db, other.org.id, admin.id, "admin");
    await callerFor(tdb.db, admin).trackMapping.set({ orgSlug: other.org.slug, trackName: "Survey Answered", type: "survey.responded" });
    await send("track", { userId: "c_1", event: "Survey Answered", properties: { kind: "nps", score: 9 } });
    expect(await storedTypes()).toEqual(["segment.survey_answered"]);
  });
});
