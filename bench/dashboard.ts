/**
 * npm run bench:dashboard -- [--url http://localhost:3000] [--runs 10] [--org demo]
 *
 * Times the server render of every dashboard page of a running Aftercart (start it with
 * `npm run demo`: the demo organisation and its year of data) and weighs each page's first-load
 * JavaScript. A render is timed to the last byte of the streamed HTML, so every panel's metrics are
 * in it; one cold request, then `--runs` warm ones for p50/p95. First-load JavaScript is the sum of
 * the page's <script src> files (without the noModule polyfills modern browsers skip), gzipped here
 * at level 9 (what a CDN serves).
 */
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { DASHBOARD_PAGES } from "@/lib/dashboard/pages";
import { appSession, DEMO_BENCH_OPTIONS } from "./support/session";

const { values: args } = parseArgs({
  options: { ...DEMO_BENCH_OPTIONS },
});
const base = args.url.replace(/\/$/, "");
const runs = Number(args.runs);

const session = appSession(base);
const cookie = session.cookie;

async function render(path: string): Promise<{ ms: number; html: string }> {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, { headers: { cookie: cookie() }, redirect: "manual" });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  if (html.includes("This panel could not load")) throw new Error(`${path} rendered a failed panel`);
  return { ms: performance.now() - started, html };
}

const scriptCache = new Map<string, number>();
async function firstLoadKb(html: string): Promise<number> {
  // noModule scripts (Next's polyfills) are skipped by the browsers that run modules: not first-load.
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"[^>]*>/g)].filter((m) => !/nomodule/i.test(m[0])).map((m) => m[1]!);
  let bytes = 0;
  for (const src of new Set(sources)) {
    if (!scriptCache.has(src)) {
      const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
      scriptCache.set(src, gzipSync(body, { level: 9 }).length);
    }
    bytes += scriptCache.get(src)!;
  }
  return bytes / 1024;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

await session.signIn(args.email, args.password);
console.log(`| page | cold | p50 | p95 | first-load JS (gzip) |\n|---|---|---|---|---|`);
for (const page of DASHBOARD_PAGES) {
  const path = `/${args.org}${page.path}`;
  const cold = await render(path);
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push((await render(path)).ms);
  const kb = await firstLoadKb(cold.html);
  console.log(`| ${page.label} (${path}) | ${cold.ms.toFixed(0)} ms | ${percentile(warm, 50).toFixed(0)} ms | ${percentile(warm, 95).toFixed(0)} ms | ${kb.toFixed(1)} KB |`);
}
