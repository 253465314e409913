import { expect, test } from "@playwright/test";
import { shoot, signInThroughApi } from "../support/accounts";

const DEMO = { slug: "demo", email: "demo@aftercart.local", password: "aftercart-demo-2026" };

test("an admin creates an NPS survey, a stranger answers its public link on a phone, and the dashboard's NPS moves", async ({ page, context, browser }) => {
  await signInThroughApi(context.request, DEMO.email, DEMO.password);
  await page.goto(`/${DEMO.slug}/voice?range=mtd&compare=0`);
  const npsCard = page.getByTestId("kpi-nps");
  await expect(npsCard).toBeVisible();
  const before = (await npsCard.textContent())!.trim();

  await page.goto(`/${DEMO.slug}/surveys`);
  await page.getByRole("link", { name: "New survey" }).click();
  const name = `Delivery NPS ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Accent colour", { exact: true }).fill("#fde047");
  await page.getByRole("button", { name: "Create survey" }).click();
  // A colour white text cannot be read on is refused with the reason.
  await expect(page.getByText("too light for white text")).toBeVisible();
  await page.getByLabel("Accent colour", { exact: true }).fill("#1d4ed8");
  await page.getByRole("button", { name: "Create survey" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const publicUrl = await page.getByLabel("Public link").inputValue();
  expect(publicUrl).toMatch(/\/s\/[A-Za-z0-9_-]{22}$/);
  await shoot(page, "survey-detail-new");

  // The embeddable version may be framed by any site; the app's own pages may not.
  const embed = await context.request.get(`${publicUrl}?embed=1`);
  expect(embed.headers()["x-frame-options"]).toBeUndefined();
  expect(embed.headers()["content-security-policy"]).toBe("frame-ancestors *");
  expect((await context.request.get(`/${DEMO.slug}/surveys`)).headers()["x-frame-options"]).toBe("DENY");

  // A respondent: a fresh browser on a phone, never signed in.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const respondent = await phone.newPage();
  await respondent.goto(publicUrl);
  await expect(respondent.getByRole("group", { name: "How likely are you to recommend us to a friend or colleague?" })).toBeVisible();
  // Big tap targets: every score button is at least 44 px tall.
  const zero = respondent.locator("label", { has: respondent.locator("input[value='0']") });
  expect((await zero.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await shoot(respondent, "survey-public-phone");
  await zero.click();
  await respondent.getByLabel("What is the main reason for your score?").fill("The parcel arrived broken.");
  await respondent.getByRole("button", { name: "Send answer" }).click();
  await expect(respondent.getByRole("heading", { name: "Thank you for your answer" })).toBeVisible();
  await shoot(respondent, "survey-thanks-phone");
  const scrollWidth = await respondent.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(390);

  // The answer is on the survey page and in NPS at once.
  await page.reload();
  await expect(page.getByTestId("survey-stat-responses")).toHaveText("1");
  await expect(page.locator("[data-response]").first()).toContainText("The parcel arrived broken.");
  await page.goto(`/${DEMO.slug}/voice?range=mtd&compare=0`);
  await expect(npsCard).not.toHaveText(before);

  // Closed: the link says so kindly and takes nothing.
  await page.goto(`/${DEMO.slug}/surveys`);
  await page.getByRole("link", { name }).click();
  await page.getByRole("button", { name: "Close survey" }).click();
  await expect(page.getByText("Survey closed")).toBeVisible();
  await respondent.goto(publicUrl);
  await expect(respondent.getByRole("heading", { name: "This survey is closed" })).toBeVisible();
  // A link with a character changed is a friendly page too, never an error.
  const broken = publicUrl.slice(0, -3) + (publicUrl.endsWith("abc") ? "xyz" : "abc");
  const response = await respondent.goto(broken);
  expect(response!.status()).toBeLessThan(500);
  await expect(respondent.getByRole("heading", { name: "This survey link does not work" })).toBeVisible();
  await phone.close();
});
