import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { DASHBOARD_PAGES } from "../../lib/dashboard/pages";
import { createOrganization, shoot, signInThroughApi, signUpAndSignIn, trpcCall } from "../support/accounts";

// The demo organisation seeded by e2e/support/seed-demo.ts before the server starts.
const DEMO = { slug: "demo", email: "demo@aftercart.local", password: "aftercart-demo-2026" };

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(`${m.text()} at ${m.location().url}`));
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

/** Every chart card on the page has its numbers: a data table with at least one row holding a number. */
async function expectChartsWithData(page: Page, path: string) {
  const cards = page.locator("[data-chart]");
  const count = await cards.count();
  expect(count, `${path} shows charts`).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const card = cards.nth(i);
    const title = await card.getAttribute("data-chart");
    const cells = await card.locator("details tbody td").allTextContents();
    expect(
      cells.some((c) => /\d/.test(c)),
      `${path}: "${title}" has numbers in its data table`,
    ).toBe(true);
    const canvas = card.locator("canvas");
    if (await canvas.count()) {
      const box = await canvas.first().boundingBox();
      expect(box && box.width > 50 && box.height > 50, `${path}: "${title}" drew its canvas`).toBe(true);
    }
  }
}

test.describe("dashboards on the demo organisation", () => {
  test.beforeEach(async ({ context }) => {
    await signInThroughApi(context.request, DEMO.email, DEMO.password);
  });

  for (const dashboard of DASHBOARD_PAGES) {
    test(`${dashboard.label}: every chart has data, no panel failed, no console error`, async ({ page }) => {
      const errors = watchConsole(page);
      // 90 days, weekly: the e2e demo is small (300 customers), and outcomes with a 30-day window
      // (confirmation-email click-through) are all still pending in the last 30 days.
      const path = `/${DEMO.slug}${dashboard.path}?range=90d`;
      await page.goto(path);
      // The overview is the organisation's home page: its heading is the organisation's name.
      await expect(page.getByRole("heading", { level: 1, name: dashboard.path === "" ? "Demo" : dashboard.label })).toBeVisible();
      await page.waitForLoadState("networkidle");
      await expect(page.getByText("This panel could not load")).toHaveCount(0);
      await expect(page.locator("[role=status][aria-label=Loading]")).toHaveCount(0);
      if (dashboard.path === "") {
        await expect(page.getByTestId("kpi-revenue")).toHaveText(/€[\d,]+\.\d\d/);
      } else {
        await expectChartsWithData(page, path);
      }
      await shoot(page, `dashboard${dashboard.path.replace("/", "-") || "-overview"}`);
      expect(errors).toEqual([]);
    });
  }

  test("range and segment live in the URL, change the numbers, and survive a reload", async ({ page }) => {
    await page.goto(`/${DEMO.slug}`);
    const revenue = page.getByTestId("kpi-revenue");
    const thirtyDays = await revenue.textContent();

    await page.getByLabel("Range").selectOption("90d");
    await expect(page).toHaveURL(/[?&]range=90d/);
    await expect(revenue).not.toHaveText(thirtyDays!);
    const ninetyDays = await revenue.textContent();

    await page.getByLabel("Loyalty").selectOption("member");
    await expect(page).toHaveURL(/loyalty=member/);
    await expect(revenue).not.toHaveText(ninetyDays!);
    const members = await revenue.textContent();

    await page.reload();
    await expect(page.getByLabel("Range")).toHaveValue("90d");
    await expect(page.getByLabel("Loyalty")).toHaveValue("member");
    await expect(revenue).toHaveText(members!);
    await expect(page.getByTestId("view-summary")).toContainText("loyalty members");

    // A link that cannot be read says so and shows the default instead of failing.
    await page.goto(`/${DEMO.slug}/checkout?range=forever&engagement=extreme`);
    await expect(page.getByText('range "forever" is not one of')).toBeVisible();
    await expect(page.getByText("segment engagement:")).toBeVisible();
  });

  test("a chart's CSV holds the same numbers as the REST API", async ({ page, context }) => {
    const created = await trpcCall(context.request, "apiKey.create", { orgSlug: DEMO.slug, kind: "secret", name: "e2e dashboards" });
    expect(created.status).toBe(200);
    const secretKey = (created.data as { key: string }).key;

    await page.goto(`/${DEMO.slug}/value?range=90d&interval=week`);
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download Revenue as CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^demo-revenue-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d\.csv$/);
    const lines = (await readFile((await download.path())!, "utf8")).trim().split("\n");
    expect(lines[0]).toBe("period start,revenue");
    const csv = lines.slice(1).map((line) => line.split(","));

    const [, from, through] = download.suggestedFilename().match(/(\d{4}-\d\d-\d\d)-to-(\d{4}-\d\d-\d\d)/)!;
    const to = new Date(Date.parse(`${through}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const response = await context.request.get(`/api/v1/metrics?keys=revenue&from=${from}&to=${to}&interval=week`, { headers: { authorization: `Bearer ${secretKey}` } });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { metrics: { key: string; series: { start: string; value: number | null }[] }[] };
    const series = body.metrics[0]!.series;
    expect(csv).toHaveLength(series.length);
    expect(csv.map(([day, value]) => [day, value === "" ? null : Number(value)])).toEqual(series.map((p) => [p.start.slice(0, 10), p.value]));
  });

  test("a chart downloads as PNG", async ({ page }) => {
    await page.goto(`/${DEMO.slug}/checkout`);
    // Clicked at once: the chart's code may still be on its way, and the download waits for the canvas.
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download Checkout funnel as PNG" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^demo-checkout-funnel-.*\.png$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    expect(bytes.length).toBeGreaterThan(5_000);
  });

  test("on a phone the overview reads in one column and the navigation scrolls", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await signInThroughApi(context.request, DEMO.email, DEMO.password);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`/${DEMO.slug}/checkout`);
    await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    // Anything wider than the screen, named, so that a failure says which element pushes the page sideways.
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest("[class*=overflow-], nav"))
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    );
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot(page, "dashboard-checkout-phone");
    expect(errors).toEqual([]);
    await context.close();
  });
});

test("a new organisation's dashboard shows how to send a first event, not empty charts", async ({ context }) => {
  await signUpAndSignIn(context);
  const slug = await createOrganization(context.request, "Empty Shop");
  const page = await context.newPage();
  await page.goto(`/${slug}/checkout`);
  await expect(page.getByRole("heading", { name: "No events yet" })).toBeVisible();
  await expect(page.getByLabel("Command to send a first event")).toContainText("curl");
  await expect(page.locator("[data-chart]")).toHaveCount(0);
});

test("the value dashboard says how many orders have no exchange rate (events.md), and the notice goes once a rate exists", async ({ context }) => {
  await signUpAndSignIn(context);
  const slug = await createOrganization(context.request, "Franc Shop");
  const created = await trpcCall(context.request, "apiKey.create", { orgSlug: slug, kind: "ingest", name: "e2e" });
  const key = (created.data as { key: string }).key;
  const yesterday = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const order = (orderId: string, total: number, currency: string) => ({ type: "order.placed", customerId: `c_${orderId}`, timestamp: yesterday, properties: { orderId, total, currency } });
  const sent = await context.request.post("/api/v1/events", { headers: { authorization: `Bearer ${key}` }, data: [order("o1", 40, "EUR"), order("o2", 55, "CHF")] });
  expect(sent.status()).toBe(200);
  const page = await context.newPage();
  await page.goto(`/${slug}/value`);
  await expect(page.getByTestId("unconverted-orders")).toContainText("1 order of this period is in a currency without an exchange rate");
  await shoot(page, "value-unconverted");
  const rate = await trpcCall(context.request, "metricSettings.setRate", { orgSlug: slug, currency: "CHF", effectiveOn: "2020-01-01", rate: 1.05 });
  expect(rate.status, JSON.stringify(rate.error)).toBe(200);
  await page.reload();
  await expect(page.getByTestId("kpi-revenue")).toContainText("97.75"); // 40 + 55 CHF x 1.05
  await expect(page.getByTestId("unconverted-orders")).toHaveCount(0);
});
