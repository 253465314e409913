import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { importJobs, orders } from "@/db/schema";
import { insertOrganization } from "@/db/testing/factories";
import { createTestDatabase, testEngine, type TestDatabase } from "@/db/testing/test-database";
import { DomainError } from "@/server/errors";
import { parseMapFlag, runImport } from "./import";

const ROOT = path.resolve(import.meta.dirname, "../../..");
let tdb: TestDatabase;
let dir: string;
let slug: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "aftercart-cli-import-"));
});
afterAll(async () => {
  await tdb.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await tdb.truncate();
  slug = (await insertOrganization(tdb.db, { slug: "shop", timeZone: "UTC" })).slug;
});

async function file(name: string, text: string) {
  const target = path.join(dir, name);
  await writeFile(target, text);
  return target;
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { message: error.message, fields: Object.keys(error.details.fieldErrors ?? {}) };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("admin import", () => {
  it("imports a file with columns matched by name or given with --map, and returns the counts", async () => {
    const csv = await file("orders.csv", "Order No,Customer ID,Order Date,Grand Total\nA1,c1,2026-01-01 10:00,10\nA2,c2,2026-01-01 11:00,x\n");
    const result = await runImport(tdb.db, { org: slug, kind: "orders", file: csv });
    expect(result).toMatchObject({ status: "succeeded", format: "orders", rowsRead: 2, accepted: 1, duplicates: 0, rejected: 1, firstErrors: [{ line: 3, code: "invalid_number" }] });
    expect(result.mapping).toEqual({ orderId: "Order No", customerId: "Customer ID", timestamp: "Order Date", total: "Grand Total" });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);

    const renamed = await file("renamed.csv", "ref,who,when,paid\nA1,c1,2026-01-01 10:00,10\nB1,c1,2026-01-02 10:00,4\n");
    const again = await runImport(tdb.db, { org: slug, kind: "orders", file: renamed, map: "orderId=ref, customerId=who,timestamp=when,total=paid" });
    expect(again).toMatchObject({ accepted: 1, duplicates: 1, rejected: 0 });
    expect(await tdb.db.$count(orders)).toBe(2);
    const [job] = await tdb.db.select().from(importJobs).where(eq(importJobs.id, again.importId));
    expect(job).toMatchObject({ fileName: "renamed.csv", createdByUserId: null });
  });

  it("imports with a preset", async () => {
    const fixture = path.join(ROOT, "server/ingest/csv/fixtures/shopify-orders.csv");
    const result = await runImport(tdb.db, { org: slug, kind: "orders", file: fixture, preset: "shopify-orders", timeZone: "Europe/Berlin" });
    expect(result).toMatchObject({ status: "succeeded", format: "shopify-orders", accepted: 8, rejected: 2 });
  });

  it("refuses wrong flags with a message naming the flag", async () => {
    const csv = await file("o.csv", "order_id,date,total\nA1,2026-01-01,1\n");
    expect(await refusal(runImport(tdb.db, { org: slug, kind: "invoices", file: csv }))).toEqual({ message: expect.stringContaining("--kind must be one of"), fields: ["kind"] });
    expect(await refusal(runImport(tdb.db, { org: slug, kind: "customers", file: csv, preset: "shopify-orders" }))).toEqual({ message: expect.stringContaining("use --kind orders"), fields: ["kind"] });
    expect(await refusal(runImport(tdb.db, { org: slug, kind: "orders", file: csv, preset: "magento" }))).toMatchObject({ fields: ["preset"] });
    expect(await refusal(runImport(tdb.db, { org: slug, kind: "orders", file: path.join(dir, "none.csv") }))).toMatchObject({ fields: ["file"] });
    expect(await refusal(runImport(tdb.db, { org: "nope", kind: "orders", file: csv }))).toMatchObject({ message: 'Organisation "nope" was not found.' });
    expect(await refusal(runImport(tdb.db, { org: slug, kind: "orders", file: csv, map: "orderId" }))).toMatchObject({ fields: ["map"] });
    expect(await refusal(runImport(tdb.db, { org: slug, kind: "orders", file: csv, map: "price=total" }))).toEqual({ message: 'Orders: there is no field "price".', fields: ["map"] });
    expect(await refusal(runImport(tdb.db, { org: slug, kind: "orders", file: csv, timeZone: "Mars/Olympus" }))).toEqual({ message: "Unknown time zone.", fields: ["timeZone"] });
    expect(await tdb.db.$count(importJobs)).toBe(0);
  });

  it("reports a failed import as an error with the reason", async () => {
    const csv = await file("no-total.csv", "order_id,date\nA1,2026-01-01\n");
    expect(await refusal(runImport(tdb.db, { org: slug, kind: "orders", file: csv }))).toMatchObject({ message: expect.stringMatching(/^The import failed: Choose the column for Total: it is required\./) });
  });

  it("parses --map pairs", () => {
    expect(parseMapFlag("orderId=Order No,total = Grand Total")).toEqual({ orderId: "Order No", total: "Grand Total" });
    expect(parseMapFlag(undefined)).toEqual({});
    expect(() => parseMapFlag("orderId=")).toThrow(/field=Column pairs/);
  });
});

describe("admin import (spawned)", () => {
  it.runIf(testEngine() === "pglite")("prints the counts as JSON on stdout", { timeout: 120_000 }, async () => {
    const dbDir = path.join(dir, "db");
    const env = { ...process.env, DATABASE_URL: `pglite:${dbDir}` };
    const run = (...args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "server/cli/admin.ts", ...args], { cwd: ROOT, env });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c) => (stdout += c));
        child.stderr.on("data", (c) => (stderr += c));
        child.once("error", reject);
        child.once("close", (code) => resolve({ code, stdout, stderr }));
      });
    const created = await run("create-org", "--name", "CLI Shop", "--slug", "cli-shop", "--owner-email", "owner@example.test", "--owner-password", "quiet meadow lantern 42");
    expect(created.code, created.stderr).toBe(0);
    const csv = await file("cli.csv", "customer_id,email\nc1,a@example.test\nc2,b@example.test\n");
    const imported = await run("import", "--org", "cli-shop", "--kind", "customers", "--file", csv);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ status: "succeeded", accepted: 2, rejected: 0 });
    const twice = await run("import", "--org", "cli-shop", "--kind", "customers", "--file", csv, "--map", "customerId=customer_id", "--map", "email=email");
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain("Give all columns in one --map");
    expect(await readFile(csv, "utf8")).toContain("c1");
  });
});
