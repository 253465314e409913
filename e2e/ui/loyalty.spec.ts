import { expect, test } from "@playwright/test";
import { shoot, signInThroughApi } from "../support/accounts";

const DEMO = { slug: "demo", email: "demo@aftercart.local", password: "aftercart-demo-2026" };
const number = (text: string | null) => Number((text ?? "").replace(/[^\d.]/g, ""));

test("an admin defines the loyalty programme and sees members, points outstanding and the liability they are worth", async ({ page, context }) => {
  await signInThroughApi(context.request, DEMO.email, DEMO.password);
  await page.goto(`/${DEMO.slug}/loyalty`);
  await expect(page.getByRole("heading", { name: "Loyalty programme", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "Loyalty programme" });

  // A rule that cannot be is explained, and nothing is saved.
  await form.getByLabel("Value of one point (EUR)").fill("0");
  await form.getByRole("button", { name: "Save programme" }).click();
  await expect(form.getByText("A point must be worth more than 0.")).toBeVisible();

  await form.getByLabel("Value of one point (EUR)").fill("0.02");
  await form.getByRole("button", { name: "Save programme" }).click();
  await expect(page.getByText("Loyalty programme saved.")).toBeVisible();
  const outstanding = page.getByTestId("loyalty-outstanding");
  await expect(outstanding).toBeVisible();
  expect(number(await page.getByTestId("loyalty-members").textContent())).toBeGreaterThan(0);
  const points = number(await outstanding.textContent());
  expect(points).toBeGreaterThan(0);
  await expect(page.getByTestId("loyalty-liability")).toHaveText(`€${(points * 0.02).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
  await expect(page.locator("[data-compare=aov]")).toContainText("€");
  await expect(page.locator("[data-tier]").first()).toBeVisible();
  await shoot(page, "loyalty-programme");

  // A point worth more: the liability follows at once.
  await form.getByLabel("Value of one point (EUR)").fill("0.05");
  await form.getByRole("button", { name: "Save programme" }).click();
  await expect(page.getByTestId("loyalty-liability")).toHaveText(`€${(points * 0.05).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);

  // The report comes rendered from the server: each read it makes was prefetched there (a read that was
  // not would be fetched during the server render, fail, and leave the page to the browser).
  const html = await (await context.request.get(`/${DEMO.slug}/loyalty`)).text();
  expect(html).toContain('data-testid="loyalty-outstanding"');
  expect(html).toContain('data-compare="retention_rate"');
});
