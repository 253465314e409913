import { expect, test, type Page } from "@playwright/test";
import { createOrganization, shoot, signUpAndSignIn, trpcCall, uniqueEmail } from "../support/accounts";

const sendEvent = (page: Page, key: string, body: unknown) =>
  page.request.post("/api/v1/events", { headers: { authorization: `Bearer ${key}` }, data: body });

test("an admin creates an ingest key, sends the documented first event with it, and revokes it", async ({ browser }) => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  // The one error this test provokes on purpose: the 400 of a key without a name.
  page.on("console", (m) => m.type() === "error" && !m.text().includes("status of 400") && consoleErrors.push(m.text()));
  await signUpAndSignIn(context);
  const slug = await createOrganization(context.request, "Key Shop");

  await page.goto(`/${slug}`);
  await page.getByRole("navigation", { name: "Organisation" }).getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/settings/api-keys$`));
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await shoot(page, "api-keys-empty");

  // Create: the key is shown once, with a copy button and the warning.
  await page.getByRole("button", { name: "Create key" }).first().click();
  const createDialog = page.getByRole("dialog", { name: "Create an API key" });
  await expect(createDialog.getByLabel(/Ingest key/)).toBeChecked();
  await createDialog.getByRole("button", { name: "Create key" }).click();
  await expect(createDialog.getByText("Name the key, e.g. after where it is used.")).toBeVisible();
  await createDialog.getByLabel("Name").fill("Storefront");
  await shoot(page, "api-keys-create-dialog");
  await createDialog.getByRole("button", { name: "Create key" }).click();

  const reveal = page.getByRole("dialog", { name: "Your new ingest key" });
  await expect(reveal.getByText("you will not see it again")).toBeVisible();
  const key = await reveal.getByLabel("Storefront").inputValue();
  expect(key).toMatch(/^ac_pub_[\w-]{20,}$/);
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(reveal.getByRole("button", { name: "Copied", exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  // A stray Escape must not throw the key away.
  await page.keyboard.press("Escape");
  await expect(reveal).toBeVisible();
  await shoot(page, "api-keys-reveal");
  await reveal.getByRole("button", { name: "I have copied it" }).click();
  await expect(reveal).toBeHidden();

  // The table shows the key by its prefix, never in full.
  const row = page.getByRole("row", { name: /Storefront/ });
  await expect(row).toContainText(key.slice(0, 11));
  await expect(row).toContainText("Ingest");
  await expect(row).toContainText("Never");
  await expect(page.getByText(key)).toHaveCount(0);

  // The curl snippet, pasted as it is with the key in its variable, works against this server.
  const curl = await page.getByRole("tabpanel").innerText();
  expect(curl).toContain(`${new URL(page.url()).origin}/api/v1/events`);
  expect(curl).not.toContain(key);
  const documented = JSON.parse(/-d '(.+)'/.exec(curl)![1]!);
  const sent = await sendEvent(page, key, documented);
  expect(sent.status()).toBe(200);
  expect(await sent.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  expect(await (await sendEvent(page, key, documented)).json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });

  await page.getByRole("tab", { name: "Node.js (Segment SDK)" }).click();
  await expect(page.getByRole("tabpanel")).toContainText('path: "/api/segment/v1/batch"');
  await shoot(page, "api-keys-node-snippet");
  await page.reload();
  await expect(page.getByRole("row", { name: /Storefront/ })).not.toContainText("Never");

  // A secret key next to it.
  await page.getByRole("button", { name: "Create key" }).click();
  await createDialog.getByLabel(/Secret key/).check();
  await createDialog.getByLabel("Name").fill("Nightly BI export");
  await createDialog.getByRole("button", { name: "Create key" }).click();
  const secret = await page.getByRole("dialog", { name: "Your new secret key" }).getByLabel("Nightly BI export").inputValue();
  expect(secret).toMatch(/^ac_sec_/);
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(page.getByRole("row", { name: /Nightly BI export/ })).toContainText("Secret");
  await shoot(page, "api-keys-list");

  // Revoke, after a confirmation; the key stops working at once.
  await page.getByRole("button", { name: "Revoke Storefront" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke Storefront?" });
  await expect(confirm).toContainText(key.slice(0, 11));
  await shoot(page, "api-keys-revoke-confirm");
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Storefront was revoked.")).toBeVisible();
  await expect(page.getByRole("row", { name: /Storefront/ })).toContainText("Revoked");
  const refused = await sendEvent(page, key, documented);
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ error: { code: "invalid_api_key" } });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
  await shoot(page, "api-keys-mobile");
  await page.getByRole("button", { name: "Create key" }).first().click();
  await shoot(page, "api-keys-create-dialog-mobile");
  expect(consoleErrors).toEqual([]);
  await context.close();
});

test("an analyst sees no API keys page: no nav entry, a 404, and a 403 from the API", async ({ browser }) => {
  const owner = await browser.newContext();
  await signUpAndSignIn(owner);
  const slug = await createOrganization(owner.request, "Analyst Shop");
  const analystEmail = uniqueEmail("analyst");
  const invited = await trpcCall(owner.request, "invitation.create", { orgSlug: slug, email: analystEmail, role: "analyst" });
  expect(invited.status).toBe(200);
  const token = new URL((invited.data as { link: string }).link).pathname.split("/").pop()!;

  const analyst = await browser.newContext();
  await signUpAndSignIn(analyst, analystEmail);
  expect((await trpcCall(analyst.request, "invitation.accept", { token })).status).toBe(200);
  const page = await analyst.newPage();
  await page.goto(`/${slug}`);
  await expect(page.getByRole("navigation", { name: "Organisation" }).getByRole("link", { name: "Members" })).toBeVisible();
  await expect(page.getByRole("link", { name: "API keys" })).toHaveCount(0);
  expect((await page.goto(`/${slug}/settings/api-keys`))?.status()).toBe(404);
  expect((await trpcCall(analyst.request, "apiKey.list", { orgSlug: slug }, "query")).status).toBe(403);
  await owner.close();
  await analyst.close();
});
