/**
 * npm run bench:widgets -- [--url http://localhost:3000] [--runs 10]
 *
 * Embedded widgets on a running Aftercart with the demo organisation (`npm run demo`): creates a KPI
 * and a line-chart widget with share links, serves a host page from another origin (a local port) that
 * embeds one of them, and times in headless Chromium, for each widget, how long a fresh browser takes
 * from opening the host page to the widget drawn (its frame's body[data-ready]): cold (first visit,
 * empty cache), then `--runs` visits in one browser profile (Chart.js cached, as for a returning
 * viewer) for p50/p95. It also weighs the JavaScript of a widget page: its inline scripts and <script
 * src> files, gzipped at level 9.
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { appSession, DEMO_BENCH_OPTIONS } from "./support/session";
import { machineLine } from "./support/machine";

const { values: args } = parseArgs({
  options: { ...DEMO_BENCH_OPTIONS, port: { type: "string", default: "3390" } },
});
const base = args.url.replace(/\/$/, "");
const runs = Number(args.runs);
const hostOrigin = `http://127.0.0.1:${args.port}`;

const session = appSession(base);
await session.signIn(args.email, args.password);

const common = { orgSlug: args.org, range: "30d", theme: { mode: "light", accent: "#17734f" }, lockedSegment: null, viewerParams: [], signedOrigins: [] };
const specs = [
  { label: "KPI cards (revenue, orders, AOV)", widget: { ...common, name: "bench KPI", metricKeys: ["revenue", "orders", "aov"], view: "kpi", interval: null } },
  { label: "Line chart (revenue, daily, 30 days)", widget: { ...common, name: "bench line", metricKeys: ["revenue"], view: "line", interval: "day" } },
];

let current = "";
const host = createServer((_, res) => {
  res.writeHead(200, { "Content-Type": "text/html" });
  res.end(`<!doctype html><html><body><div data-aftercart-widget="${current}"></div><script src="${base}/embed.js"></script></body></html>`);
});
await new Promise<void>((resolve) => host.listen(Number(args.port), "127.0.0.1", resolve));

async function jsKb(url: string): Promise<number> {
  const html = await (await fetch(url)).text();
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*application\/json)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join("");
  let bytes = gzipSync(Buffer.from(inline), { level: 9 }).length;
  for (const src of new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!))) {
    bytes += gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer()), { level: 9 }).length;
  }
  return bytes / 1024;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });

async function visit(context: Awaited<ReturnType<typeof browser.newContext>>): Promise<number> {
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(hostOrigin);
  await page.frameLocator("iframe").locator("body[data-ready]").waitFor({ timeout: 30_000 });
  const ms = performance.now() - started;
  await page.close();
  return ms;
}

console.log(`${machineLine()}\n\n| widget | JS (gzip) | cold | p50 | p95 |\n|---|---|---|---|---|`);
for (const spec of specs) {
  const widget = await session.mutate<{ id: string }>("widget.create", spec.widget);
  const { token } = await session.mutate<{ token: string }>("widget.createShareToken", { orgSlug: args.org, widgetId: widget.id, allowedOrigins: [hostOrigin], expiresAt: null });
  current = `${base}/embed/w/${token}`;
  const kb = await jsKb(current);
  const cold = await visit(await browser.newContext());
  const profile = await browser.newContext();
  await visit(profile);
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push(await visit(profile));
  console.log(`| ${spec.label} | ${kb.toFixed(1)} KB | ${cold.toFixed(0)} ms | ${percentile(warm, 50).toFixed(0)} ms | ${percentile(warm, 95).toFixed(0)} ms |`);
  await session.mutate("widget.delete", { orgSlug: args.org, widgetId: widget.id });
}
await browser.close();
host.close();
