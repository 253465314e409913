import "server-only";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * Chart.js's UMD build, which embedded widgets load instead of the app's bundles. Read from the
 * installed package (its "exports" hide dist/ from require.resolve, and a bundler would rewrite it
 * anyway); the URL carries the version so that the file can be cached for a year.
 */
const DIST = path.join(process.cwd(), "node_modules", "chart.js");
const VERSION: string = (JSON.parse(readFileSync(path.join(DIST, "package.json"), "utf8")) as { version: string }).version;

export const CHART_SCRIPT_PATH = `/embed/chart.js?v=${VERSION}`;

let body: Promise<string> | null = null;
export function chartScript(): Promise<string> {
  body ??= readFile(path.join(DIST, "dist", "chart.umd.min.js"), "utf8");
  return body;
}
