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
