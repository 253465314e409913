import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildStatus } from "./build-staleness";

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "aftercart-build-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes a file under root with the given modification time (seconds since the epoch). */
function file(relative: string, mtime: number): void {
  const full = path.join(root, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, "x");
  utimesSync(full, mtime, mtime);
}

const T = 1_700_000_000;

describe("buildStatus", () => {
  it("wants a build when there is none", () => {
    file("app/page.tsx", T);
    expect(buildStatus(root)).toEqual({ stale: true, reason: "there is no production build yet" });
  });

  it("is fresh when the build is newer than every source", () => {
    file("app/page.tsx", T);
    file("lib/deep/nested/util.ts", T + 10);
    file(".next/BUILD_ID", T + 20);
    expect(buildStatus(root)).toEqual({ stale: false });
  });

  it("is stale when any source, however deep, or a root config changed after the build", () => {
    file("app/page.tsx", T);
    file(".next/BUILD_ID", T + 20);
    file("db/schema/extra.ts", T + 30);
    expect(buildStatus(root)).toEqual({ stale: true, reason: `${path.join("db", "schema", "extra.ts")} changed since the last build` });
    file("db/schema/extra.ts", T);
    file("next.config.mjs", T + 40);
    expect(buildStatus(root)).toMatchObject({ stale: true, reason: expect.stringContaining("next.config.mjs") });
  });

  it("ignores tests and node_modules", () => {
    file("app/page.tsx", T);
    file(".next/BUILD_ID", T + 20);
    file("server/services/x.int.test.ts", T + 30);
    file("components/button.test.tsx", T + 30);
    file("lib/node_modules/pkg/index.js", T + 30);
    expect(buildStatus(root)).toEqual({ stale: false });
  });
});
