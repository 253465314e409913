import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Analytics } from "@segment/analytics-node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { insertOrganizationWithKeys } from "@/db/testing/factories";
import { eventMessageIds, events, orders } from "@/db/schema";
import { postSegment } from "./http";

// Segment's own Node client against the handler, over real HTTP on 127.0.0.1: proves the wire format
// (Basic auth, batch envelope, retries) and that a retried batch is stored exactly once.

let tdb: TestDatabase;
let server: Server;
let baseUrl: string;
let keys: Awaited<ReturnType<typeof insertOrganizationWithKeys>>;
/** Batches to store and then answer with a 500 anyway, as if the answer had been lost on the way. */
let loseNextAnswers = 0;
const log: { path: string; status: number; retry: string | null }[] = [];

async function toFetchRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  return new Request(new URL(req.url ?? "/", origin), { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
  server = createServer((req, res) => {
    void (async () => {
      const request = await toFetchRequest(req, baseUrl);
      const kind = new URL(request.url).pathname.match(/^\/api\/segment\/v1\/([^/]+)$/)?.[1] ?? "";
      let response = await postSegment(request, kind);
      if (loseNextAnswers > 0) {
        loseNextAnswers -= 1;
        response = Response.json({ error: { code: "internal_error", message: "lost on the way" } }, { status: 500 });
      }
      log.push({ path: new URL(request.url).pathname, status: response.status, retry: req.headers["x-retry-count"] as string | null });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await tdb.close();
});
beforeEach(async () => {
  await tdb.truncate();
  keys = await insertOrganizationWithKeys(tdb.db);
  loseNextAnswers = 0;
  log.length = 0;
});

function client() {
  const analytics = new Analytics({ writeKey: keys.ingestKey, host: baseUrl, path: "/api/segment/v1/batch", flushAt: 10, flushInterval: 20, maxRetries: 3 });
  const failures: unknown[] = [];
  analytics.on("error", (error) => failures.push(error));
  return { analytics, failures };
}

/** Six events from five calls: the order also completes its checkout. */
function sendSession(analytics: Analytics) {
  analytics.identify({ userId: "c_1", anonymousId: "anon_1", traits: { email: "ada@example.test" }, messageId: "msg-identify" });
  analytics.page({ anonymousId: "anon_1", name: "Home", properties: { path: "/" }, messageId: "msg-page" });
  analytics.track({ anonymousId: "anon_1", event: "Product Viewed", properties: { product_id: "p_1", price: 20 }, messageId: "msg-product" });
  analytics.track({ userId: "c_1", event: "Newsletter Signed Up", properties: { list: "weekly" }, messageId: "msg-newsletter" });
  analytics.track({
    userId: "c_1",
    event: "Order Completed",
    properties: { order_id: "o_1", checkout_id: "ck_1", total: 20, currency: "EUR", products: [{ product_id: "p_1", quantity: 1, price: 20 }] },
    messageId: "msg-order",
  });
}

const countRows = async () => ({
  events: await tdb.db.$count(events, eq(events.orgId, keys.org.id)),
  messageIds: await tdb.db.$count(eventMessageIds, eq(eventMessageIds.orgId, keys.org.id)),
  orders: await tdb.db.$count(orders, eq(orders.orgId, keys.org.id)),
});

describe("@segment/analytics-node against the Segment endpoint", () => {
  it("delivers every call, mapped, exactly once", async () => {
    const { analytics, failures } = client();
    sendSession(analytics);
    await analytics.closeAndFlush({ timeout: 15_000 });
    expect(failures).toEqual([]);
    expect(log.every((l) => l.path === "/api/segment/v1/batch" && l.status === 200)).toBe(true);
    expect(await countRows()).toEqual({ events: 6, messageIds: 6, orders: 1 });
    const types = (await tdb.db.select({ type: events.type }).from(events).where(eq(events.orgId, keys.org.id))).map((r) => r.type).sort();
    expect(types).toEqual(["checkout.completed", "customer.identified", "order.placed", "page.viewed", "product.viewed", "segment.newsletter_signed_up"]);
  });

  it("stores a batch once when the client retries it after a lost answer", async () => {
    loseNextAnswers = 1;
    const { analytics, failures } = client();
    sendSession(analytics);
    await analytics.closeAndFlush({ timeout: 15_000 });
    expect(failures).toEqual([]);
    // The first answer was lost after the commit; the client sent the same batch again.
    expect(log[0]).toMatchObject({ status: 500 });
    expect(log.some((l) => l.status === 200 && l.retry === "1")).toBe(true);
    expect(await countRows()).toEqual({ events: 6, messageIds: 6, orders: 1 });
  });

  it("stores nothing twice when a second client sends the same messages again", async () => {
    for (let run = 0; run < 2; run++) {
      const { analytics, failures } = client();
      sendSession(analytics);
      await analytics.closeAndFlush({ timeout: 15_000 });
      expect(failures).toEqual([]);
    }
    expect(await countRows()).toEqual({ events: 6, messageIds: 6, orders: 1 });
  });
});
