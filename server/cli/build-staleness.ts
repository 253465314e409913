import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** What `next build` compiles: a change to any of these makes the last build stale. */
export const BUILD_INPUT_DIRS = ["app", "server", "components", "lib", "db", "public"] as const;
export const BUILD_INPUT_FILES = ["next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package.json"] as const;

// Tests are not part of the build; editing one should not cost a rebuild.
const IGNORED_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
const IGNORED_DIR = new Set(["node_modules", ".next", ".data"]);
// Side-by-side builds (NEXT_DIST_DIR=.next-<name>) are build output too, never sources.
const isBuildOutput = (name: string) => IGNORED_DIR.has(name) || name.startsWith(".next-");

export interface NewestFile {
  file: string;
  mtimeMs: number;
}

function newestIn(dir: string, newest: NewestFile | null): NewestFile | null {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!isBuildOutput(entry.name)) newest = newestIn(full, newest);
    } else if (entry.isFile() && !IGNORED_FILE.test(entry.name)) {
      const { mtimeMs } = statSync(full);
      if (!newest || mtimeMs > newest.mtimeMs) newest = { file: full, mtimeMs };
    }
  }
  return newest;
}

/** The most recently modified build input under `root`, or null when there is none. */
export function newestBuildInput(
  root: string,
  dirs: readonly string[] = BUILD_INPUT_DIRS,
  files: readonly string[] = BUILD_INPUT_FILES,
): NewestFile | null {
  let newest: NewestFile | null = null;
  for (const dir of dirs) {
    const full = path.join(root, dir);
    if (existsSync(full) && statSync(full).isDirectory()) newest = newestIn(full, newest);
  }
  for (const file of files) {
    const full = path.join(root, file);
    if (!existsSync(full)) continue;
    const { mtimeMs } = statSync(full);
    if (!newest || mtimeMs > newest.mtimeMs) newest = { file: full, mtimeMs };
  }
  return newest;
}

export type BuildStatus = { stale: false } | { stale: true; reason: string };

/** Whether `next build` must run before `next start`: no build yet, or a source changed since. */
export function buildStatus(root: string, options: { dirs?: readonly string[]; files?: readonly string[] } = {}): BuildStatus {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  if (!existsSync(buildId)) return { stale: true, reason: "there is no production build yet" };
  const builtAt = statSync(buildId).mtimeMs;
  const newest = newestBuildInput(root, options.dirs, options.files);
  if (newest && newest.mtimeMs > builtAt) {
    return { stale: true, reason: `${path.relative(root, newest.file)} changed since the last build` };
  }
  return { stale: false };
}
