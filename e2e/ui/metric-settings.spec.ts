import { expect, test } from "@playwright/test";
import { createOrganization, shoot, signUpAndSignIn, trpcCall } from "../support/accounts";

test("an admin sets the metric definitions and an exchange rate, and is told what is wrong with bad values", async ({ browser }) => {
  const context = await browser.newContext();
  await signUpAndSignIn(context);
  const slug = await createOrganization(context.request, "Settings Shop");
  const page = await context.newPage();
  // The 400s expected: the bad values refused on purpose below.
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().includes("status of 400")) consoleErrors.push(m.text());
  });

  await page.goto(`/${slug}/settings`);
  await page.getByRole("link", { name: "Metrics" }).click();
  await expect(page.getByRole("heading", { name: "Metric settings", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Churn window (days)")).toHaveValue("180");
  await expect(page.getByText("No exchange rates")).toBeVisible();
  await shoot(page, "metric-settings-defaults");

  // A bad value is named on its field and nothing is saved.
  await page.getByLabel("Churn window (days)").fill("0");
  await page.getByRole("button", { name: "Save metric settings" }).click();
  await expect(page.getByText("The churn window is at least 1 day.")).toBeVisible();

  await page.getByLabel("Churn window (days)").fill("90");
  await page.getByLabel("Abandonment window (hours)").fill("48");
  await page.getByLabel("Cost of one support contact (EUR)").fill("4.50");
  await page.getByRole("button", { name: "Move shipping up" }).click();
  await page.getByLabel("New step name").fill("Delivery Slot");
  await expect(page.getByText("Use lower-case letters, digits and underscores, starting with a letter.")).toBeVisible();
  await page.getByLabel("New step name").fill("delivery_slot");
  await page.getByRole("button", { name: "Add step" }).click();
  await page.getByRole("button", { name: "Save metric settings" }).click();
  await expect(page.getByText("Metric settings saved.")).toBeVisible();
  const saved = await trpcCall(context.request, "metricSettings.get", { orgSlug: slug }, "query");
  expect(saved.data).toMatchObject({
    churnWindowDays: 90,
    abandonmentWindowHours: 48,
    supportContactCost: 4.5,
    checkoutSteps: ["cart", "shipping", "information", "payment", "review", "delivery_slot"],
  });

  // Exchange rates: the organisation's own currency needs none; a real rate is listed.
  await page.getByLabel("Currency", { exact: true }).fill("EUR");
  await page.getByLabel("From (local date)").fill("2026-01-01");
  await page.getByLabel("Worth in EUR").fill("1");
  await page.getByRole("button", { name: "Set rate" }).click();
  await expect(page.getByText("EUR is this organisation's own currency: it needs no rate.")).toBeVisible();
  await page.getByLabel("Currency", { exact: true }).fill("usd");
  await page.getByLabel("Worth in EUR").fill("0,92");
  await page.getByRole("button", { name: "Set rate" }).click();
  await expect(page.getByRole("row", { name: /USD 2026-01-01 0\.92/ })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Churn window (days)")).toHaveValue("90");
  await shoot(page, "metric-settings-saved");

  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, "metric-settings-phone");
  expect(consoleErrors).toEqual([]);
});
