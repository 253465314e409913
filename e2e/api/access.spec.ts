import { expect, test } from "@playwright/test";
import { createOrganization, signUpAndSignIn, trpcCall } from "../support/accounts";

test("procedures answer 401 without a session and 404 for another organisation", async ({ browser, request }) => {
  const anonymous = await trpcCall(request, "member.list", { orgSlug: "anything" }, "query");
  expect(anonymous.status).toBe(401);
  expect(anonymous.error?.data.code).toBe("UNAUTHORIZED");

  const alice = await browser.newContext();
  await signUpAndSignIn(alice);
  const aliceSlug = await createOrganization(alice.request, "Alice Shop");
  const bob = await browser.newContext();
  await signUpAndSignIn(bob);
  const probe = await trpcCall(bob.request, "member.list", { orgSlug: aliceSlug }, "query");
  expect(probe.status).toBe(404);
  expect(probe.error?.message).toBe("Organisation not found.");
  const page = await bob.newPage();
  expect((await page.goto(`/${aliceSlug}`))?.status()).toBe(404);
});

test("bad input gets a 400 with field messages, never a 500", async ({ browser }) => {
  const context = await browser.newContext();
  await signUpAndSignIn(context);
  const result = await trpcCall(context.request, "organization.create", { name: "", slug: "Not A Slug!", currency: "XXY", timeZone: "Nowhere", industry: "mining" });
  expect(result.status).toBe(400);
  expect(result.error?.message).toMatch(/slug/);
  const garbage = await context.request.post("/api/trpc/organization.create", { data: "{not json", headers: { "content-type": "application/json" } });
  expect(garbage.status()).toBeLessThan(500);
});

test("the REST API answers JSON with a request id for a wrong method and an unknown path; real routes still answer", async ({ request }) => {
  const jsonError = async (response: Awaited<ReturnType<typeof request.get>>) => {
    expect(response.headers()["x-request-id"]).toBeTruthy();
    return ((await response.json()) as { error: { code: string } }).error.code;
  };
  const wrongMethod = await request.put("/api/v1/metrics");
  expect(wrongMethod.status()).toBe(405);
  expect(wrongMethod.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
  expect(await jsonError(wrongMethod)).toBe("method_not_allowed");
  expect(await jsonError(await request.get("/api/v1/events"))).toBe("method_not_allowed");
  for (const path of ["/api/v1", "/api/v1/customers", "/api/v1/metric", "/api/segment/v1/track/extra"]) {
    const unknown = await request.get(path);
    expect(unknown.status(), path).toBe(404);
    expect(await jsonError(unknown), path).toBe("unknown_endpoint");
  }
  const preflight = await request.fetch("/api/v1/events", { method: "OPTIONS" });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["x-request-id"]).toBeTruthy();
  // The catch-all does not shadow the routes beside it.
  const unauthenticated = await request.get("/api/v1/metrics?keys=orders");
  expect(unauthenticated.status()).toBe(401);
  expect(await jsonError(unauthenticated)).toBe("missing_api_key");
  expect((await request.get("/api/auth/session")).status()).toBe(200);
});
