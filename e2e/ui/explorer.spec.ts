import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { createOrganization, shoot, signUpAndSignIn, trpcCall } from "../support/accounts";

// A merchant id with characters that must survive the URL: the profile path encodes it.
const CUSTOMER = "ada+e2e@shop";

test("a merchant sends events, watches them arrive live, opens the customer, exports and erases them", async ({ browser }) => {
  const context = await browser.newContext();
  await signUpAndSignIn(context);
  const slug = await createOrganization(context.request, "Explorer Shop");
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(`${m.text()} at ${m.location().url}`));

  const createKey = async (kind: "ingest" | "secret") => {
    const created = await trpcCall(context.request, "apiKey.create", { orgSlug: slug, kind, name: `e2e ${kind}` });
    expect(created.status).toBe(200);
    return (created.data as { key: string }).key;
  };
  const ingestKey = await createKey("ingest");
  const secretKey = await createKey("secret");
  const send = async (events: unknown[]) => {
    const response = await context.request.post("/api/v1/events", { data: { batch: events }, headers: { authorization: `Bearer ${ingestKey}` } });
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: events.length, rejected: [] });
  };

  // No events yet: the page says how to send one, and notices the first by itself.
  await page.goto(`/${slug}/events`);
  await expect(page.getByRole("heading", { name: "No events yet" })).toBeVisible();
  await expect(page.getByLabel("Command to send a first event")).toContainText("$AFTERCART_INGEST_KEY");
  await expect(page.getByRole("link", { name: "Create an ingest key" })).toHaveAttribute("href", `/${slug}/settings/api-keys`);
  await shoot(page, "events-empty");
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  await send([{ id: "first-visit", type: "page.viewed", anonymousId: "dev-e2e", timestamp: at(60), properties: { path: "/" } }]);
  await expect(page.getByRole("cell", { name: "page.viewed", exact: true })).toBeVisible({ timeout: 6_000 });

  await send([
    { type: "customer.identified", customerId: CUSTOMER, anonymousId: "dev-e2e", timestamp: at(50), properties: { traits: { name: "Ada Lovelace", email: "ada@example.test" } } },
    { type: "order.placed", customerId: CUSTOMER, timestamp: at(40), properties: { orderId: "E2E-1", total: 120, currency: "EUR" } },
    { type: "order.refunded", customerId: CUSTOMER, timestamp: at(30), properties: { orderId: "E2E-1", amount: 20, reason: "late" } },
    { type: "survey.responded", customerId: CUSTOMER, timestamp: at(20), properties: { kind: "nps", score: 9, comment: "Lovely jumper" } },
    { type: "wishlist.item_added", customerId: CUSTOMER, timestamp: at(10), properties: { productId: "p1" } },
  ]);
  await page.reload();
  await expect(page.getByRole("cell", { name: "order.placed", exact: true })).toBeVisible();
  await expect(page.getByText("custom", { exact: true })).toBeVisible();
  await shoot(page, "events-explorer");

  // Filters live in the URL.
  await page.getByRole("button", { name: "All types" }).click();
  await page.getByRole("group", { name: "Event types" }).getByLabel(/order\.placed/).check();
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/type=order\.placed/);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  const shared = page.url();
  const second = await context.newPage();
  await second.goto(shared);
  await expect(second.locator("tbody tr")).toHaveCount(1);
  await second.close();
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(page.locator("tbody tr[data-event-id]")).toHaveCount(6);

  // Live: an event sent now is on screen within about a second.
  await page.getByRole("switch", { name: "Live" }).click();
  await expect(page.getByRole("switch", { name: "Live" })).toHaveAttribute("aria-checked", "true");
  await page.waitForTimeout(1_200);
  const sentAt = Date.now();
  await send([{ type: "checkout.started", customerId: CUSTOMER, properties: { checkoutId: "chk-live" } }]);
  await expect(page.getByRole("cell", { name: "checkout.started", exact: true })).toBeVisible({ timeout: 2_500 });
  expect(Date.now() - sentAt).toBeLessThan(2_500);
  await shoot(page, "events-live");

  // A row opens to the whole event.
  await page.getByRole("button", { name: /Show the order\.placed event/ }).click();
  await expect(page.locator("pre").filter({ hasText: '"orderId": "E2E-1"' })).toBeVisible();
  await shoot(page, "events-row-expanded");

  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, "events-mobile");
  await page.setViewportSize({ width: 1280, height: 900 });

  // The REST API reads the same customer with a secret key, and refuses the ingest key.
  const path = `/api/v1/customers/${encodeURIComponent(CUSTOMER)}`;
  const rest = await context.request.get(path, { headers: { authorization: `Bearer ${secretKey}` } });
  expect(rest.status()).toBe(200);
  expect(await rest.json()).toMatchObject({ customerId: CUSTOMER, orderCount: 1, revenue: { currency: "EUR", net: 100 }, anonymousIds: ["dev-e2e"] });
  expect((await context.request.get(path, { headers: { authorization: `Bearer ${ingestKey}` } })).status()).toBe(403);

  // Customers are found by email as well; the events table links to the same profile.
  const profilePath = `/${slug}/customers/${encodeURIComponent(CUSTOMER)}`;
  await expect(page.getByRole("link", { name: CUSTOMER }).first()).toHaveAttribute("href", profilePath);
  await page.getByRole("link", { name: "Customers" }).click();
  await page.getByLabel("Find a customer").fill("ADA@example");
  await expect(page).toHaveURL(/\?q=ADA%40example$/);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await shoot(page, "customers-search");

  // The profile: the anonymous visit from before identification is in the timeline.
  await page.getByRole("link", { name: CUSTOMER }).click();
  await expect(page).toHaveURL(new RegExp(`${profilePath}$`));
  await expect(page.getByRole("heading", { name: "Ada Lovelace" })).toBeVisible();
  await expect(page.getByText("€100.00")).toBeVisible();
  await expect(page.getByRole("link", { name: "dev-e2e" })).toBeVisible();
  await expect(page.getByText("Partly refunded")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Lovely jumper", exact: true })).toBeVisible();
  const timeline = page.locator("section").filter({ has: page.getByRole("heading", { name: "Timeline" }) });
  await expect(timeline.getByRole("cell", { name: "page.viewed", exact: true })).toBeVisible();
  await shoot(page, "customer-profile");
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, "customer-profile-mobile");
  await page.setViewportSize({ width: 1280, height: 900 });

  // Export downloads everything as JSON.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^customer-ada_e2e_shop-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(await readFile((await download.path())!, "utf8"));
  expect(exported.customer.customerId).toBe(CUSTOMER);
  expect(exported.events).toHaveLength(7);
  expect(exported.orders).toHaveLength(1);

  // Erasure needs the id typed out, then reports what it deleted.
  await page.getByRole("button", { name: "Erase…" }).click();
  const dialog = page.getByRole("dialog", { name: "Erase this customer?" });
  const confirm = dialog.getByRole("button", { name: "Erase for ever" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type the customer id to confirm").fill(CUSTOMER);
  await shoot(page, "customer-erase-dialog");
  await confirm.click();
  await expect(page.getByRole("heading", { name: "Customer erased" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "were deleted" })).toContainText("7 events, 1 order and 1 survey response were deleted");
  await shoot(page, "customer-erased");

  expect((await context.request.get(path, { headers: { authorization: `Bearer ${secretKey}` } })).status()).toBe(404);
  expect((await page.goto(profilePath))?.status()).toBe(404);
  await page.goto(`/${slug}/customers`);
  await expect(page.getByRole("link", { name: CUSTOMER })).toHaveCount(0);
  await shoot(page, "customers-after-erasure");

  // The audit log has the erasure with its counts, and nothing personal.
  await page.goto(`/${slug}/settings/audit`);
  const entry = page.locator("tr").filter({ hasText: /Customer data erased|customer\.erased/ });
  await expect(entry).toContainText("events: 7");
  for (const personal of [CUSTOMER, "ada@example.test", "Ada Lovelace", "dev-e2e"]) await expect(page.locator("main")).not.toContainText(personal);
  await shoot(page, "audit-erasure");

  await expectNoConsoleErrors(consoleErrors, page);
  await context.close();
});

async function expectNoConsoleErrors(errors: string[], page: Page) {
  // The 404 of the erased profile is expected; anything else is a bug.
  expect(errors.filter((e) => !(e.includes("status of 404") && e.includes(`/customers/`))), page.url()).toEqual([]);
}
