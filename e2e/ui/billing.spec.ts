import { expect, test } from "@playwright/test";
import { billingURL } from "../support/servers";
import { createOrganization, shoot, signUpAndSignIn, trpcCall } from "../support/accounts";

test.describe("billing on a self-hosted server", () => {
  test("the billing page says billing is off and nothing is limited", async ({ page, context }) => {
    await signUpAndSignIn(context);
    const slug = await createOrganization(context.request, "Self Hosted Shop");
    await page.goto(`/${slug}/settings/billing`);
    await expect(page.getByRole("heading", { name: "Billing is off on this server" })).toBeVisible();
    await expect(page.getByText("Events stored this month")).toBeVisible();
    await expect(page.getByRole("button", { name: "Subscribe" })).toHaveCount(0);
  });
});

test.describe("billing with Stripe (the billing server and its fake Stripe)", () => {
  test.use({ baseURL: billingURL });

  test("an owner on Free is warned at 80 %, hits the seat limit, subscribes through Checkout, upgrades and cancels through the portal: each change arrives by webhook", async ({ page, context }) => {
    test.setTimeout(120_000);
    await signUpAndSignIn(context);
    const slug = await createOrganization(context.request, "Billing Shop");

    // 8,000 stored events: 80 % of Free's 10,000. Every page shows the banner.
    const key = ((await trpcCall(context.request, "apiKey.create", { orgSlug: slug, kind: "ingest", name: "e2e" })).data as { key: string }).key;
    for (let batch = 0; batch < 16; batch++) {
      const events = Array.from({ length: 500 }, (_, i) => ({ id: `e2e-${batch}-${i}`, type: "page.viewed", anonymousId: `v${i % 40}` }));
      const response = await context.request.post("/api/v1/events", { headers: { authorization: `Bearer ${key}` }, data: { batch: events } });
      expect(response.status()).toBe(200);
    }
    await page.goto(`/${slug}`);
    await expect(page.getByRole("status").filter({ hasText: "Event quota at 80%" })).toContainText("8,000 of 10,000 events");

    // Free has two seats: the owner and one invitation.
    await page.goto(`/${slug}/settings/members`);
    await page.getByLabel("Email").fill("first@example.test");
    await page.getByRole("button", { name: "Invite" }).click();
    await expect(page.getByRole("cell", { name: "first@example.test" })).toBeVisible();
    await page.getByLabel("Email").fill("second@example.test");
    await page.getByRole("button", { name: "Invite" }).click();
    await expect(page.getByText(/The Free plan includes 2 seats and all are taken/)).toBeVisible();

    await page.goto(`/${slug}/settings/billing`);
    await expect(page.getByRole("heading", { name: "Free plan" })).toBeVisible();
    await expect(page.getByRole("meter", { name: "Events this period" })).toHaveAttribute("aria-valuenow", "8000");
    await shoot(page, "billing-free");

    // Checkout: Stripe's page (the fake's), Pay, back to Aftercart, which turns when the webhooks land.
    await page.getByRole("listitem").filter({ hasText: "Growth" }).getByRole("button", { name: "Subscribe" }).click();
    await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/settings/billing\\?checkout=success$`));
    await expect(page.getByRole("heading", { name: /Growth plan/ })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText("Active", { exact: true })).toBeVisible();
    await expect(page.getByRole("meter", { name: "Events this period" })).toHaveAttribute("aria-valuemax", "500000");
    await page.reload();
    await expect(page.getByRole("cell", { name: "Paid" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Event quota" })).toHaveCount(0);
    await shoot(page, "billing-growth");

    // Upgrade: prorated at Stripe; the page waits for the webhook, then shows Scale.
    await page.getByRole("button", { name: "Upgrade to Scale" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Switch to Scale" }).click();
    await expect(page.getByRole("heading", { name: /Scale plan/ })).toBeVisible({ timeout: 15_000 });

    // The portal cancels at period end; back on the page, the plan holds with its end date.
    await page.getByRole("button", { name: "Payment methods and invoices" }).click();
    await expect(page.getByRole("heading", { name: "Fake billing portal" })).toBeVisible();
    await page.getByRole("button", { name: "Cancel plan" }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/settings/billing$`));
    await expect(async () => {
      await page.reload();
      await expect(page.getByText(/^Ends /)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByText(/Cancels on .*; Free's limits apply from then\./)).toBeVisible();
    await shoot(page, "billing-scale-canceling");
  });
});
