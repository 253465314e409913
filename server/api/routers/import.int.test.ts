import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertOrganizationWithRoles } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { importRunnerFor, type ImportRunner } from "@/server/ingest/csv/runner";
import { stageImport } from "@/server/ingest/csv/testing";
import { callerFor } from "@/server/testing/caller";
import { failure } from "@/server/testing/outcomes";

let tdb: TestDatabase;
let dir: string;
let runner: ImportRunner;
let setup: Awaited<ReturnType<typeof insertOrganizationWithRoles>>;
beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "aftercart-import-router-"));
  runner = importRunnerFor(tdb.db, { directory: dir });
});
afterAll(async () => {
  await runner.idle();
  await tdb.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await runner.idle();
  await tdb.truncate();
  setup = await insertOrganizationWithRoles(tdb.db);
});

const MAPPING = { format: "orders", columns: { orderId: "order_id", customerId: "customer_id", timestamp: "date", total: "total" } };
const admin = () => callerFor(tdb.db, setup.members.admin);
const orgSlug = () => setup.org.slug;

describe("import procedures", () => {
  it("lists the formats with their fields for the mapping step", async () => {
    const formats = await admin().import.formats({ orgSlug: orgSlug() });
    expect(formats.map((f) => f.id)).toEqual(["customers", "orders", "events", "shopify-orders", "online-retail-ii"]);
    expect(formats.find((f) => f.id === "orders")!.fields.filter((f) => f.required).map((f) => f.key)).toEqual(["orderId", "timestamp", "total"]);
  });

  it("previews the start of a file sent as base64", async () => {
    const head = Buffer.from("order_id,customer_id,date,total\nA1,c1,2026-01-01 10:00,5\nA2,c1,2026-01-01 10:00,x\n").toString("base64");
    const result = await admin().import.preview({ orgSlug: orgSlug(), format: "orders", head, complete: true });
    expect(result.mapping.columns).toEqual({ orderId: "order_id", customerId: "customer_id", timestamp: "date", total: "total" });
    expect(result.rows.map((r) => [r.line, r.events.length, r.problems.map((p) => p.code)])).toEqual([
      [2, 1, []],
      [3, 0, ["invalid_number"]],
    ]);
    const error = await failure(admin().import.preview({ orgSlug: orgSlug(), format: "orders", head: "%%%", complete: true }));
    expect(error.code).toBe("BAD_REQUEST");
  });

  it("lists imports with who started them, and shows one with its first errors", async () => {
    const staged = await stageImport(tdb.db, { orgId: setup.org.id, userId: setup.members.admin.id, directory: dir, csv: "order_id,customer_id,date,total\nA1,c1,2026-01-01,x\n", mapping: MAPPING, fileName: "a.csv" });
    runner.enqueue({ orgId: setup.org.id, id: staged.id });
    await runner.idle();
    const list = await admin().import.list({ orgSlug: orgSlug() });
    expect(list).toEqual([expect.objectContaining({ id: staged.id, fileName: "a.csv", status: "succeeded", rejected: 1, createdBy: setup.members.admin.name })]);
    const one = await admin().import.get({ orgSlug: orgSlug(), importId: staged.id });
    expect(one).toMatchObject({ storedErrors: 1, errors: [{ line: 2, code: "invalid_number" }] });
  });

  it("answers NOT_FOUND for another organisation's import", async () => {
    const theirs = await insertOrganizationWithRoles(tdb.db);
    const staged = await stageImport(tdb.db, { orgId: theirs.org.id, userId: null, directory: dir, csv: "x\n", mapping: MAPPING });
    const input = { orgSlug: orgSlug(), importId: staged.id };
    expect((await failure(admin().import.get(input))).code).toBe("NOT_FOUND");
    expect((await failure(admin().import.cancel(input))).code).toBe("NOT_FOUND");
    expect((await failure(admin().import.restart(input))).code).toBe("NOT_FOUND");
  });

  it("cancels a queued import once, and starts a canceled one again from its kept file", async () => {
    const csv = "order_id,customer_id,date,total\nA1,c1,2026-01-01,5\n";
    const staged = await stageImport(tdb.db, { orgId: setup.org.id, userId: null, directory: dir, csv, mapping: MAPPING });
    await admin().import.cancel({ orgSlug: orgSlug(), importId: staged.id });
    const again = await failure(admin().import.cancel({ orgSlug: orgSlug(), importId: staged.id }));
    expect(again).toMatchObject({ code: "CONFLICT", message: "This import has already finished." });

    await admin().import.restart({ orgSlug: orgSlug(), importId: staged.id });
    await runner.idle();
    expect(await admin().import.get({ orgSlug: orgSlug(), importId: staged.id })).toMatchObject({ status: "succeeded", accepted: 1, error: null });
    // Only a failed or canceled import starts again, and only while its file is kept.
    expect(await failure(admin().import.restart({ orgSlug: orgSlug(), importId: staged.id }))).toMatchObject({ code: "CONFLICT" });
    const gone = await stageImport(tdb.db, { orgId: setup.org.id, userId: null, directory: dir, csv, mapping: MAPPING });
    await admin().import.cancel({ orgSlug: orgSlug(), importId: gone.id });
    await rm(gone.filePath);
    expect(await failure(admin().import.restart({ orgSlug: orgSlug(), importId: gone.id }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("no longer on the server"),
    });
  });
});
