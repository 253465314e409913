import { Analytics } from "@segment/analytics-node";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createOrganization, signUpAndSignIn, trpcCall } from "../support/accounts";

// Segment's own Node client, pointed at Aftercart by changing the host: what a merchant does.

async function ingestKey(request: APIRequestContext, orgSlug: string): Promise<string> {
  const created = await trpcCall(request, "apiKey.create", { orgSlug, kind: "ingest", name: "Segment" });
  expect(created.status, JSON.stringify(created.error)).toBe(200);
  return (created.data as { key: string }).key;
}

// Fixed message ids, so that a second run is a retry of the same messages.
const MESSAGE_IDS = ["seg-identify", "seg-page", "seg-product", "seg-newsletter", "seg-order"];

function sendSession(analytics: Analytics) {
  analytics.identify({ userId: "c_1", anonymousId: "anon_1", traits: { email: "ada@example.test", plan: "pro" }, messageId: "seg-identify" });
  analytics.page({ anonymousId: "anon_1", name: "Home", properties: { path: "/", referrer: "https://search.test/" }, messageId: "seg-page" });
  analytics.track({ anonymousId: "anon_1", event: "Product Viewed", properties: { product_id: "p_1", price: 49.9 }, messageId: "seg-product" });
  analytics.track({ userId: "c_1", event: "Newsletter Signed Up", properties: { list: "weekly" }, messageId: "seg-newsletter" });
  analytics.track({
    userId: "c_1",
    event: "Order Completed",
    properties: { order_id: "o_1", checkout_id: "ck_1", total: 49.9, currency: "EUR", products: [{ product_id: "p_1", quantity: 1, price: 49.9 }] },
    messageId: "seg-order",
  });
}

async function deliver(writeKey: string, baseURL: string) {
  const analytics = new Analytics({ writeKey, host: baseURL, path: "/api/segment/v1/batch", flushAt: 20, flushInterval: 200, maxRetries: 2 });
  const statuses: number[] = [];
  const errors: unknown[] = [];
  analytics.on("http_response", (response) => statuses.push(response.status));
  analytics.on("error", (error) => errors.push(error));
  sendSession(analytics);
  await analytics.closeAndFlush({ timeout: 20_000 });
  return { statuses, errors };
}

test("analytics-node delivers identify, page, track and Order Completed, and a resend stores nothing twice", async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  await signUpAndSignIn(context);
  const orgSlug = await createOrganization(context.request, "Segment Shop");
  const writeKey = await ingestKey(context.request, orgSlug);

  const first = await deliver(writeKey, baseURL!);
  expect(first.errors).toEqual([]);
  expect(first.statuses.length).toBeGreaterThan(0);
  expect(first.statuses.every((s) => s === 200)).toBe(true);

  // The same messages again, as a client does after a lost answer: accepted again, stored once.
  const again = await deliver(writeKey, baseURL!);
  expect(again.errors).toEqual([]);
  expect(again.statuses.every((s) => s === 200)).toBe(true);

  // Every message id (and the checkout completion the order derived) is taken exactly once: the
  // native API reports all of them as duplicates, and only the control id as new.
  const ids = [...MESSAGE_IDS, "seg-order:checkout.completed"];
  const probe = await context.request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${writeKey}` },
    data: { batch: [...ids, "never-sent"].map((id) => ({ id, type: "page.viewed", anonymousId: "probe" })) },
  });
  expect(probe.status()).toBe(200);
  expect(await probe.json()).toEqual({ accepted: 1, duplicates: ids.length, rejected: [] });
});

test("the endpoint answers as Segment does: success, 400 with a reason, 401, and CORS for browsers", async ({ browser }) => {
  const context = await browser.newContext();
  await signUpAndSignIn(context);
  const orgSlug = await createOrganization(context.request, "Segment Errors");
  const writeKey = await ingestKey(context.request, orgSlug);
  const basic = `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;

  const ok = await context.request.post("/api/segment/v1/track", {
    headers: { authorization: basic },
    data: { userId: "c_1", event: "Checkout Step Viewed", properties: { checkout_id: "ck_1", step: 2 } },
  });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ success: true });
  expect(ok.headers()["x-request-id"]).toBeTruthy();
  expect(ok.headers()["access-control-allow-origin"]).toBe("*");

  const outOfRange = await context.request.post("/api/segment/v1/track", {
    headers: { authorization: basic },
    data: { userId: "c_1", event: "Checkout Step Viewed", properties: { checkout_id: "ck_1", step: 9 } },
  });
  expect(outOfRange.status()).toBe(400);
  expect(await outOfRange.json()).toMatchObject({ error: { code: "invalid_property", message: expect.stringContaining("1 cart, 2 information") } });

  // analytics.js in a browser: text/plain, the write key in the body, one-letter paths.
  const browserStyle = await context.request.post("/api/segment/v1/p", {
    headers: { "content-type": "text/plain" },
    data: JSON.stringify({ writeKey, anonymousId: "anon_9", properties: { path: "/pricing" } }),
  });
  expect(browserStyle.status()).toBe(200);

  const unknownKey = await context.request.post("/api/segment/v1/batch", {
    headers: { authorization: `Basic ${Buffer.from("ac_pub_unknownunknownunknown:").toString("base64")}` },
    data: { batch: [{ type: "page", anonymousId: "a" }] },
  });
  expect(unknownKey.status()).toBe(401);

  const preflight = await context.request.fetch("/api/segment/v1/batch", { method: "OPTIONS", headers: { origin: "https://shop.example", "access-control-request-method": "POST" } });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["access-control-allow-headers"]).toContain("Authorization");
});
