import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createOrganization, shoot, signUpAndSignIn } from "../support/accounts";

// A German shop's export: one header Aftercart cannot guess (Bestellnummer), a note that spans two
// lines, and one row with an unreadable total.
const CSV = [
  "Bestellnummer,Customer ID,Order Date,Total,Currency,Channel,Note",
  "DE-1001,c-17,2026-01-05 10:15:00,49.90,EUR,web,",
  'DE-1002,c-18,2026-01-05 11:00:00,12.00,EUR,store,"Gift wrap,\nplease"',
  "DE-1003,c-17,2026-01-06 09:30:00,zwölf,EUR,web,",
  "DE-1004,,2026-01-07 16:45:00,5.50,EUR,web,",
].join("\n");

test("an admin imports orders from a CSV: maps a column, previews, watches it finish and downloads the errors", async ({ browser }) => {
  const context = await browser.newContext();
  await signUpAndSignIn(context);
  const slug = await createOrganization(context.request, "Import Shop");
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(`${m.text()} at ${m.location().url}`));

  await page.goto(`/${slug}/settings`);
  await page.getByRole("link", { name: "Imports" }).click();
  await expect(page.getByRole("heading", { name: "Imports", level: 1 })).toBeVisible();
  await expect(page.getByText("No imports yet")).toBeVisible();
  await shoot(page, "imports-empty");

  await page.getByRole("radio", { name: /^Orders/ }).check();
  await page.getByLabel("CSV file").setInputFiles({ name: "bestellungen.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });

  // Order ID has no column yet: the import cannot start.
  await expect(page.getByRole("alert").filter({ hasText: "Choose the column for Order ID: it is required." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Start import" })).toBeDisabled();
  await expect(page.getByLabel(/^Total/)).toHaveValue("Total");

  await page.getByLabel(/^Order ID/).selectOption("Bestellnummer");
  await page.getByRole("checkbox", { name: "Channel" }).check();
  const preview = page.getByRole("table", { name: "Preview of the first rows" });
  await expect(preview.getByRole("row", { name: /DE-1001/ })).toContainText("c-17");
  await expect(preview.getByRole("row", { name: /DE-1001/ })).toContainText("channel web");
  // The quoted note takes lines 3 and 4: the bad row is line 5.
  await expect(preview.getByRole("row", { name: /zwölf/ })).toContainText('column "Total": "zwölf" is not a number');
  await expect(preview.getByRole("row", { name: /^5/ })).toBeVisible();
  await expect(preview.getByRole("row", { name: /DE-1004/ })).toContainText("guest (anon:DE-1004)");
  await shoot(page, "imports-mapping-preview");

  await page.getByRole("button", { name: "Start import" }).click();
  const progress = page.getByRole("progressbar", { name: "Import progress" });
  await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  await expect(page.getByRole("status").filter({ hasText: "Done. 3 records imported, 1 rejected" })).toBeVisible();
  await expect(page.getByText("Line 5", { exact: true })).toBeVisible();
  await shoot(page, "imports-done");

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download errors (CSV)" }).first().click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("bestellungen-errors.csv");
  const errors = await readFile((await download.path())!, "utf8");
  expect(errors).toBe('line,code,message\n5,invalid_number,"column ""Total"": ""zwölf"" is not a number"\n');

  // The list below has the import; a second import of the same file adds nothing.
  const row = page.getByRole("row", { name: /bestellungen\.csv/ });
  await expect(row).toContainText("Done");
  // The second time on a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("button", { name: "Import another file" }).click();
  await page.getByRole("radio", { name: /^Orders/ }).check();
  await page.getByLabel("CSV file").setInputFiles({ name: "bestellungen-again.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await page.getByLabel(/^Order ID/).selectOption("Bestellnummer");
  await expect(page.getByRole("button", { name: "Start import" })).toBeEnabled();
  await shoot(page, "imports-mapping-phone");
  await page.getByRole("button", { name: "Start import" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Done. 0 records imported, 3 were already in Aftercart, 1 rejected" })).toBeVisible({ timeout: 30_000 });

  await page.getByRole("button", { name: "Import another file" }).click();
  await shoot(page, "imports-phone");
  // On a phone the file name opens the details (the Details column is for wider screens).
  await page.getByRole("button", { name: "bestellungen.csv", exact: true }).click();
  await expect(page.getByRole("dialog", { name: "Import details" })).toContainText("Rejected rows");
  await shoot(page, "imports-details-phone");

  expect(consoleErrors).toEqual([]);
  await context.close();
});
