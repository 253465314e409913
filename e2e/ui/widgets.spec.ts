import { createServer, type Server } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { signInThroughApi, trpcCall } from "../support/accounts";

const DEMO = { slug: "demo", email: "demo@aftercart.local", password: "aftercart-demo-2026" };
const HOST_PORT = Number(process.env.E2E_PORT ?? 3200) + 91;
const OTHER_PORT = HOST_PORT + 1;

/** A client's portal on another origin: the snippet the widget page gives, nothing else. */
function hostPage(appOrigin: string, widgetUrls: string[]): string {
  const slots = widgetUrls.map((url, i) => `<section><h2>Widget ${i + 1}</h2><div data-aftercart-widget="${url}" data-height="40"></div></section>`).join("\n");
  return `<!doctype html><html><head><title>Client portal</title></head><body style="font-family:sans-serif;max-width:720px;margin:24px auto">
<h1>Acme client portal</h1>${slots}<script src="${appOrigin}/embed.js" async></script></body></html>`;
}

function serve(port: number, html: () => string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((_, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(html());
    });
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

async function createWidget(page: Page, widget: Record<string, unknown>, origins: string[]) {
  const created = await trpcCall(page.context().request, "widget.create", {
    orgSlug: DEMO.slug,
    range: "90d",
    interval: "week",
    theme: { mode: "light", accent: "#17734f" },
    lockedSegment: null,
    viewerParams: [],
    signedOrigins: [],
    ...widget,
  });
  expect(created.status, JSON.stringify(created.error)).toBe(200);
  const id = (created.data as { id: string }).id;
  const share = await trpcCall(page.context().request, "widget.createShareToken", { orgSlug: DEMO.slug, widgetId: id, allowedOrigins: origins, expiresAt: null });
  return { id, token: (share.data as { token: string }).token };
}

test("a KPI and a chart widget render inside another site, resize their iframes, keep their locked filter, and a site not allowed is refused by the browser", async ({ page, browser, baseURL }) => {
  await signInThroughApi(page.context().request, DEMO.email, DEMO.password);
  const portal = `http://127.0.0.1:${HOST_PORT}`;
  const kpi = await createWidget(page, { name: "Revenue and orders", metricKeys: ["revenue", "orders"], view: "kpi" }, [portal]);
  const chart = await createWidget(page, { name: "Weekly revenue", metricKeys: ["revenue"], view: "line" }, [portal]);
  const locked = await createWidget(page, { name: "Nobody's revenue", metricKeys: ["revenue"], view: "kpi", lockedSegment: { traits: { company: "Nobody Ltd" } } }, [portal]);
  const urls = [kpi, chart, locked].map((w) => `${baseURL}/embed/w/${w.token}`);
  const host = await serve(HOST_PORT, () => hostPage(baseURL!, urls));
  const other = await serve(OTHER_PORT, () => hostPage(baseURL!, [urls[0]!]));
  try {
    // A visitor of the client's portal: a fresh browser, no Aftercart session.
    const visitor = await (await browser.newContext({ viewport: { width: 1100, height: 1300 } })).newPage();
    await visitor.goto(portal);
    const frames = visitor.frameLocator("iframe");
    const kpiFrame = visitor.frameLocator(`iframe[src="${urls[0]}"]`);
    await expect(kpiFrame.locator("[data-metric=revenue] .value")).toHaveText(/€[\d,]+\.\d\d/);
    await expect(kpiFrame.locator("body[data-ready]")).toHaveCount(1);
    const chartFrame = visitor.frameLocator(`iframe[src="${urls[1]}"]`);
    await expect(chartFrame.locator("body[data-ready]")).toHaveCount(1);
    const canvas = await chartFrame.locator("canvas").boundingBox();
    expect(canvas!.width).toBeGreaterThan(200);
    // The iframes grew from the 40 px they started with to their content's height.
    await expect.poll(async () => (await visitor.locator(`iframe[src="${urls[0]}"]`).boundingBox())!.height).toBeGreaterThan(100);
    // …and no taller than what it shows; the chart's frame does not scroll either.
    const chartScroll = await visitor.frames().find((f) => f.url() === urls[1])!.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    expect(chartScroll).toBeLessThanOrEqual(1);
    const kpiHeight = (await visitor.locator(`iframe[src="${urls[0]}"]`).boundingBox())!.height;
    expect(kpiHeight).toBeLessThan(320);
    // The locked widget shows nothing of anyone else's revenue.
    await expect(visitor.frameLocator(`iframe[src="${urls[2]}"]`).locator("[data-metric=revenue] .value")).toHaveText("€0.00");
    expect(await frames.first().locator("main").count()).toBeGreaterThan(0);
    // A viewport screenshot: a full-page one leaves cross-origin frames blank in Chromium.
    await visitor.screenshot({ path: "e2e/.artifacts/screens/widgets-in-client-portal.png" });

    // Widening through the URL is refused, in words.
    const widened = await visitor.request.get(`${urls[2]}?t.company=Acme`);
    expect(widened.status()).toBe(400);
    expect(await widened.text()).toContain("which a widget does not take");

    // Another site may not frame it: the browser enforces the CSP frame-ancestors.
    const stranger = await (await browser.newContext()).newPage();
    const blocked: string[] = [];
    stranger.on("console", (m) => m.text().includes("frame-ancestors") && blocked.push(m.text()));
    await stranger.goto(`http://127.0.0.1:${OTHER_PORT}`);
    await expect.poll(() => blocked.length).toBeGreaterThan(0);
    const framed = stranger.frames().find((f) => f !== stranger.mainFrame());
    expect(framed ? await framed.locator("main[data-widget-view]").count() : 0).toBe(0);

    // A revoked link stops at once.
    const tokens = await trpcCall(page.context().request, "widget.shareTokens", { orgSlug: DEMO.slug, widgetId: kpi.id }, "query");
    await trpcCall(page.context().request, "widget.revokeShareToken", { orgSlug: DEMO.slug, tokenId: (tokens.data as { id: string }[])[0]!.id });
    const revoked = await visitor.request.get(urls[0]!);
    expect(revoked.status()).toBe(410);
  } finally {
    host.close();
    other.close();
  }
});

test("a merchant builds a widget in the builder, creates a share link, and the copied snippet renders on the client's site", async ({ page, browser, baseURL }) => {
  await signInThroughApi(page.context().request, DEMO.email, DEMO.password);
  const portal = `http://127.0.0.1:${HOST_PORT + 2}`;
  await page.goto(`/${DEMO.slug}/widgets`);
  await page.getByRole("link", { name: "New widget" }).click();
  const name = `Portal NPS ${Date.now()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("View", { exact: true }).selectOption("nps_gauge");
  await page.getByLabel("Period", { exact: true }).selectOption("90d");
  // The preview is the widget itself, served by the same renderer.
  await expect(page.frameLocator("iframe[title='Widget preview']").locator("main[data-widget-view=nps_gauge]")).toBeVisible();
  await page.getByRole("button", { name: "Create widget" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();

  await page.getByLabel("Sites that may show it (origins)").fill(portal);
  await page.getByRole("button", { name: "Create link" }).click();
  const snippet = await page.getByLabel("Embed snippet").inputValue();
  expect(snippet).toContain(`${baseURL}/embed/w/ac_wgt_`);
  expect(snippet).toContain(`${baseURL}/embed.js`);

  const host = await serve(HOST_PORT + 2, () => `<!doctype html><html><body><h1>Portal</h1>${snippet}</body></html>`);
  try {
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(portal);
    await expect(visitor.frameLocator("iframe").locator("svg.gauge")).toBeVisible();
    await expect(visitor.frameLocator("iframe").locator("body[data-ready]")).toHaveCount(1);
  } finally {
    host.close();
  }

  // The audit log has it.
  const log = await trpcCall(page.context().request, "audit.list", { orgSlug: DEMO.slug, targetType: "widget" }, "query");
  expect((log.data as { items: { action: string }[] }).items.slice(0, 2).map((e) => e.action)).toEqual(["widget.share_token_created", "widget.created"]);
});
