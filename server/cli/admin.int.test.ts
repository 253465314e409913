// Runs the real CLI as operators do (tsx, react-server condition), end to end: a few spawns only,
// each takes seconds. On the PostgreSQL project it runs against that project's test database.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testEngine, type TestDatabase } from "@/db/testing/test-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

let databaseUrl: string;
let tmp: string | undefined;
let tdb: TestDatabase | undefined;

beforeAll(async () => {
  if (testEngine() === "postgres") {
    tdb = await createTestDatabase();
    if (tdb.target.engine !== "postgres") throw new Error("expected a PostgreSQL test database");
    databaseUrl = tdb.target.url;
  } else {
    tmp = mkdtempSync(path.join(tmpdir(), "aftercart-cli-"));
    databaseUrl = `pglite:${path.join(tmp, "db")}`;
  }
});
afterAll(async () => {
  await tdb?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function admin(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ["--conditions=react-server", "server/cli/admin.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("admin CLI (spawned)", () => {
  it("creates an organisation on a fresh database, prints JSON and releases the database", { timeout: 60_000 }, async () => {
    const created = await admin(
      "create-org",
      "--name", "Acme Outdoor",
      "--owner-email", "owner@acme.test",
      "--owner-password", "correct horse battery staple",
      "--currency", "USD",
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({
      orgId: expect.any(String),
      slug: "acme-outdoor",
      ownerUserId: expect.any(String),
      ownerCreated: true,
      apiKeys: { ingest: expect.stringMatching(/^ac_pub_/), secret: expect.stringMatching(/^ac_sec_/) },
    });

    // A second process can open the embedded database: the first one closed it.
    const listed = await admin("list-orgs");
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ slug: "acme-outdoor", currency: "USD", members: 1 }]);
  });

  it("exits 2 with the usage on stderr for an unknown flag", { timeout: 60_000 }, async () => {
    const result = await admin("list-orgs", "--bogus");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("--bogus");
    expect(result.stderr).toContain("Usage: npm run admin -- list-orgs");
  });
});
