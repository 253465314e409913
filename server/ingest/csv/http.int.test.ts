import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLogs, importJobs, orders } from "@/db/schema";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { insertOrganizationWithRoles } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import type { SessionUser } from "@/server/auth/session";
import { MAX_STORED_ERRORS } from "./jobs";
import { importRunnerFor, type ImportRunner } from "./runner";
import { stageImport } from "./testing";

// The route reads the session from Auth.js cookies; here the test decides who is signed in.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/server/auth/session", () => ({ getSessionUser: async () => session.user }));

const { POST } = await import("@/app/api/orgs/[orgSlug]/imports/route");
const { GET } = await import("@/app/api/orgs/[orgSlug]/imports/[importId]/errors.csv/route");

let tdb: TestDatabase;
let dir: string;
let runner: ImportRunner;
let mine: Awaited<ReturnType<typeof insertOrganizationWithRoles>>;
let theirs: Awaited<ReturnType<typeof insertOrganizationWithRoles>>;
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
  dir = await mkdtemp(path.join(tmpdir(), "aftercart-upload-"));
  // The runner the routes find for this database, writing into a temporary directory.
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
  mine = await insertOrganizationWithRoles(tdb.db);
  theirs = await insertOrganizationWithRoles(tdb.db);
  session.user = { id: mine.members.admin.id, email: mine.members.admin.email, name: null };
});

const MAPPING = { format: "orders", columns: { orderId: "order_id", customerId: "customer_id", timestamp: "date", total: "total" } };
const CSV = "order_id,customer_id,date,total\no1,c1,2026-01-01 10:00,10\no2,c2,2026-01-01 11:00,oops\no3,,2026-01-01 12:00,7.5\n";

function upload(slug: string, body: BodyInit | null = CSV, query: Record<string, string> = { fileName: "orders.csv", mapping: JSON.stringify(MAPPING) }, headers: HeadersInit = {}) {
  const url = `http://localhost/api/orgs/${slug}/imports?${new URLSearchParams(query)}`;
  return POST(new Request(url, { method: "POST", body, headers, duplex: "half" } as RequestInit), { params: Promise.resolve({ orgSlug: slug }) });
}

function download(slug: string, importId: string) {
  return GET(new Request(`http://localhost/api/orgs/${slug}/imports/${importId}/errors.csv`), { params: Promise.resolve({ orgSlug: slug, importId }) });
}

describe("POST /api/orgs/:orgSlug/imports", () => {
  it("streams the file to disk, records the import and runs it in the background", async () => {
    const response = await upload(mine.org.slug);
    expect(response.status).toBe(201);
    const { id, status } = (await response.json()) as { id: string; status: string };
    expect(status).toBe("queued");
    await runner.idle();
    const [job] = await tdb.db.select().from(importJobs).where(eq(importJobs.id, id));
    expect(job).toMatchObject({ orgId: mine.org.id, kind: "orders", fileName: "orders.csv", fileBytes: Buffer.byteLength(CSV), status: "succeeded", rowsRead: 3, accepted: 2, rejected: 1, createdByUserId: mine.members.admin.id });
    expect(job!.mapping).toMatchObject(MAPPING);
    expect(await tdb.db.$count(orders, eq(orders.orgId, mine.org.id))).toBe(2);
    expect(await tdb.db.$count(auditLogs, eq(auditLogs.action, "import.started"))).toBe(1);
    // A succeeded import's file is deleted.
    expect(await readdir(dir)).toEqual([]);
  });

  it("answers 401 without a session, 404 for another organisation, 403 below admin", async () => {
    session.user = null;
    expect((await upload(mine.org.slug)).status).toBe(401);
    session.user = { id: mine.members.owner.id, email: mine.members.owner.email, name: null };
    const other = await upload(theirs.org.slug);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: "not_found" } });
    expect((await upload("no-such-org")).status).toBe(404);
    for (const role of ["viewer", "analyst"] as const) {
      session.user = { id: mine.members[role].id, email: mine.members[role].email, name: null };
      const refused = await upload(mine.org.slug);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("admins and owners") } });
    }
    expect(await tdb.db.$count(importJobs)).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it("answers 400 with a message for a missing file name, a bad mapping and an empty file", async () => {
    const bad = async (response: Response) => [response.status, ((await response.json()) as { error: { code: string; message: string } }).error];
    expect(await bad(await upload(mine.org.slug, CSV, { mapping: JSON.stringify(MAPPING) }))).toEqual([400, expect.objectContaining({ code: "invalid_options" })]);
    expect(await bad(await upload(mine.org.slug, CSV, { fileName: "x.csv", mapping: "{" }))).toEqual([400, expect.objectContaining({ code: "invalid_options" })]);
    expect(await bad(await upload(mine.org.slug, CSV, { fileName: "x.csv", mapping: JSON.stringify({ format: "orders", columns: { nope: "x" } }) }))).toEqual([
      400,
      { code: "invalid_mapping", message: 'columns.nope: Orders: there is no field "nope".', details: null },
    ]);
    expect(await bad(await upload(mine.org.slug, ""))).toEqual([400, expect.objectContaining({ code: "empty_file" })]);
    expect(await tdb.db.$count(importJobs)).toBe(0);
  });

  it("answers 413 for a declared size above the limit before reading the body", async () => {
    const response = await upload(mine.org.slug, CSV, undefined, { "content-length": String(3_000_000_000) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "file_too_large", message: expect.stringContaining("2 GB") } });
  });
});

describe("GET /api/orgs/:orgSlug/imports/:importId/errors.csv", () => {
  it("streams the rejected rows as CSV, with a last row for those beyond the stored ones", async () => {
    const count = MAX_STORED_ERRORS + 3;
    const lines = ["order_id,customer_id,date,total", "o1,c1,2026-01-01,1", ...Array.from({ length: count }, (_, i) => `x${i},c1,2026-01-01,"${i}, not a number"`)];
    const staged = await stageImport(tdb.db, { orgId: mine.org.id, userId: null, directory: dir, csv: lines.join("\n"), mapping: MAPPING, fileName: "Bestellungen März.csv" });
    runner.enqueue({ orgId: mine.org.id, id: staged.id });
    await runner.idle();

    const response = await download(mine.org.slug, staged.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Bestellungen_M_rz-errors.csv"; filename*=UTF-8''${encodeURIComponent("Bestellungen März-errors.csv")}`,
    );
    const text = await response.text();
    const rows = text.trimEnd().split("\n");
    expect(rows[0]).toBe("line,code,message");
    expect(rows[1]).toBe('3,invalid_number,"column ""total"": ""0, not a number"" is not a number"');
    expect(rows).toHaveLength(1 + MAX_STORED_ERRORS + 1);
    expect(rows.at(-1)).toBe(',more,"and 3 more rejected rows: only the first 10,000 are kept"');
  });

  it("keeps other organisations' imports and lower roles out", async () => {
    const staged = await stageImport(tdb.db, { orgId: theirs.org.id, userId: null, directory: dir, csv: CSV, mapping: MAPPING });
    expect((await download(mine.org.slug, staged.id)).status).toBe(404);
    expect((await download(theirs.org.slug, staged.id)).status).toBe(404);
    expect((await download(mine.org.slug, "not-a-uuid")).status).toBe(404);
    session.user = { id: theirs.members.analyst.id, email: theirs.members.analyst.email, name: null };
    expect((await download(theirs.org.slug, staged.id)).status).toBe(403);
    session.user = { id: theirs.members.admin.id, email: theirs.members.admin.email, name: null };
    expect((await download(theirs.org.slug, staged.id)).status).toBe(200);
  });
});
