import { expect, test } from "@playwright/test";
import { createOrganization, shoot, signUpAndSignIn } from "../support/accounts";

test("an admin finds the Segment endpoint and maps a track name, and removes the mapping again", async ({ browser }) => {
  const context = await browser.newContext();
  await signUpAndSignIn(context);
  const slug = await createOrganization(context.request, "Tracking Shop");
  const page = await context.newPage();
  // The one 400 expected: the spec name refused on purpose below.
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().includes("status of 400")) consoleErrors.push(m.text());
  });

  await page.goto(`/${slug}/settings`);
  await page.getByRole("link", { name: "Tracking" }).click();
  await expect(page.getByRole("heading", { name: "Tracking", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Endpoint")).toHaveValue(/\/api\/segment\/v1$/);
  await expect(page.getByRole("link", { name: "API keys page" })).toHaveAttribute("href", `/${slug}/settings/api-keys`);
  await expect(page.getByText("No mappings yet")).toBeVisible();
  await shoot(page, "tracking-empty");

  // The form says what happens to a name before anything is sent.
  const name = page.getByLabel("Segment event name");
  await name.fill("Order Completed");
  await expect(page.getByText(/already becomes order\.placed/)).toBeVisible();
  await page.getByLabel("Aftercart type", { exact: true }).selectOption("feature.used");
  await page.getByRole("button", { name: "Add mapping" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "always becomes order.placed" })).toBeVisible();

  await name.fill("Survey Answered");
  await expect(page.getByText("Without a mapping it is kept as the custom event segment.survey_answered.")).toBeVisible();
  await page.getByLabel("Aftercart type", { exact: true }).selectOption("survey.responded");
  await page.getByRole("button", { name: "Add mapping" }).click();
  const row = page.getByRole("row", { name: /Survey Answered/ });
  await expect(row).toBeVisible();
  await expect(row.getByLabel("Aftercart type for Survey Answered")).toHaveValue("survey.responded");
  await expect(name).toHaveValue("");
  await shoot(page, "tracking-with-mapping");

  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, "tracking-phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Remove the mapping of Survey Answered" }).click();
  await expect(page.getByText("No mappings yet")).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
