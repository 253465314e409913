import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { customers, events, importErrors, importJobs, orders } from "@/db/schema";
import { insertOrganization, insertUser, addMember } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { ABANDONED_MESSAGE, cancelImportJob, claimImportJob, findImportJob, MAX_STORED_ERRORS, type ImportCounters } from "./jobs";
import { processImportJob } from "./process";
import { ImportRunner } from "./runner";
import { stageImport } from "./testing";

let tdb: TestDatabase;
let dir: string;
let orgId: string;
let userId: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "aftercart-imports-"));
});
afterAll(async () => {
  await tdb.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await tdb.truncate();
  const org = await insertOrganization(tdb.db, { currency: "EUR", timeZone: "UTC" });
  const user = await insertUser(tdb.db);
  await addMember(tdb.db, org.id, user.id, "admin");
  orgId = org.id;
  userId = user.id;
});

const ORDERS = { format: "orders", columns: { orderId: "order_id", customerId: "customer_id", timestamp: "date", total: "total" } };

function ordersCsv(count: number, bad: (i: number) => string | null = () => null) {
  const lines = ["order_id,customer_id,date,total,note"];
  for (let i = 1; i <= count; i++) lines.push(bad(i) ?? `o${i},c${i % 50},2026-01-01 10:00:00,${(i % 90) + 0.5},`);
  return `${lines.join("\n")}\n`;
}

async function run(csv: string | Buffer, mapping: Record<string, unknown> = ORDERS, options: Partial<Parameters<typeof processImportJob>[3]> = {}) {
  const staged = await stageImport(tdb.db, { orgId, userId, directory: dir, csv, mapping });
  const job = await processImportJob(tdb.db, orgId, staged.id, { filePath: staged.filePath, ...options });
  return { ...staged, job: job! };
}

const errorsOf = (importId: string) =>
  tdb.db
    .select({ line: importErrors.line, code: importErrors.code, message: importErrors.message })
    .from(importErrors)
    .where(and(eq(importErrors.orgId, orgId), eq(importErrors.importId, importId)))
    .orderBy(asc(importErrors.line));

describe("an import", () => {
  it("stores the rows through ingestEvents in batches, with rejected rows by line, and saves progress as it goes", async () => {
    const csv = ordersCsv(1200, (i) =>
      i === 7 ? `o7,c7,2026-01-01 10:00:00,seven,` : i === 300 ? `o300,c1,2026-01-01 10:00:00,1,"a note\nover two lines"` : i === 301 ? `o301,c1,next week,1,` : i === 900 ? `o900,c1,2026-01-01 10:00:00,-5,` : null,
    );
    const progress: ImportCounters[] = [];
    const { id, job } = await run(csv, ORDERS, { batchSize: 100, progressIntervalMs: 0, onProgress: (c) => progress.push(c) });

    expect(job).toMatchObject({ status: "succeeded", rowsRead: 1200, accepted: 1197, duplicates: 0, rejected: 3, bytesRead: Buffer.byteLength(csv), error: null });
    expect(job.startedAt).toBeInstanceOf(Date);
    expect(job.finishedAt).toBeInstanceOf(Date);
    // Line 1 is the header; row 300's note spans lines 301-302, so row 301 is on line 303.
    expect(await errorsOf(id)).toEqual([
      { line: 8, code: "invalid_number", message: 'column "total": "seven" is not a number' },
      { line: 303, code: "invalid_timestamp", message: expect.stringContaining('column "date": "next week"') },
      { line: 902, code: "invalid_property", message: "order.placed: properties.total must be a number >= 0" },
    ]);
    expect(await tdb.db.$count(orders, eq(orders.orgId, orgId))).toBe(1197);
    expect(await tdb.db.$count(events, and(eq(events.orgId, orgId), eq(events.source, "csv")))).toBe(1197);
    expect(progress.length).toBeGreaterThan(5);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.rowsRead).toBeGreaterThanOrEqual(progress[i - 1]!.rowsRead);
    expect(progress.at(-1)).toMatchObject({ rowsRead: 1200, accepted: 1197, rejected: 3 });
  });

  it("stores nothing twice when the same file is imported again", async () => {
    const csv = ordersCsv(600);
    const first = await run(csv);
    expect(first.job).toMatchObject({ accepted: 600, duplicates: 0 });
    const second = await run(csv);
    expect(second.job).toMatchObject({ status: "succeeded", rowsRead: 600, accepted: 0, duplicates: 600, rejected: 0 });
    expect(await tdb.db.$count(orders, eq(orders.orgId, orgId))).toBe(600);
    expect(await tdb.db.$count(events, eq(events.orgId, orgId))).toBe(600);
  });

  it("stores nothing twice for customers and events either, ids or not", async () => {
    const customersCsv = "customer_id,email,plan\nc1,a@x.io,pro\nc2,b@x.io,\n";
    const eventsCsv = "type,customer_id,time,path\npage.viewed,c1,2026-01-01T10:00:00Z,/a\npage.viewed,c1,2026-01-01T10:00:05Z,/b\n";
    const customersMapping = { format: "customers", columns: { customerId: "customer_id", email: "email", plan: "plan" } };
    const eventsMapping = { format: "events", columns: { type: "type", customerId: "customer_id", timestamp: "time" }, extra: ["path"] };
    expect((await run(customersCsv, customersMapping)).job).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await run(eventsCsv, eventsMapping)).job).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await run(customersCsv, customersMapping)).job).toMatchObject({ accepted: 0, duplicates: 2 });
    expect((await run(eventsCsv, eventsMapping)).job).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await tdb.db.$count(events, eq(events.orgId, orgId))).toBe(4);
    const [c1] = await tdb.db.select().from(customers).where(and(eq(customers.orgId, orgId), eq(customers.customerId, "c1")));
    expect(c1!.traits).toEqual({ email: "a@x.io", plan: "pro" });
  });

  it("imports the Shopify fixture: orders with their items, cancellations and refunds", async () => {
    const fixture = await readFile(path.join(import.meta.dirname, "fixtures/shopify-orders.csv"));
    const mapping = {
      format: "shopify-orders",
      timeZone: "Europe/Berlin",
      columns: { orderId: "Name", customerId: "Email", timestamp: "Created at", total: "Total", currency: "Currency", discount: "Discount Amount", coupon: "Discount Code", shipping: "Shipping", tax: "Taxes", itemQuantity: "Lineitem quantity", itemName: "Lineitem name", itemPrice: "Lineitem price", itemSku: "Lineitem sku", canceledAt: "Cancelled at", refundedAmount: "Refunded Amount" },
    };
    const { id, job } = await run(fixture, mapping);
    expect(job).toMatchObject({ status: "succeeded", rowsRead: 8, accepted: 8, rejected: 2 });
    expect((await errorsOf(id)).map((e) => [e.line, e.code])).toEqual([
      [8, "invalid_property"],
      [10, "invalid_number"],
    ]);
    const rows = await tdb.db.select().from(orders).where(eq(orders.orgId, orgId)).orderBy(asc(orders.orderId));
    expect(rows.map((o) => [o.orderId, o.customerId ?? o.anonymousId, o.totalMinor, o.refundedMinor, o.canceledAt !== null, (o.items ?? []).length])).toEqual([
      ["#1001", "ana.lima@example.com", 8500, 0, false, 2],
      ["#1002", "ben@example.com", 12000, 2000, false, 1],
      ["#1003", "ana.lima@example.com", 4900, 4900, true, 1],
      ["#1004", "anon:#1004", 1500, 0, false, 1],
      ["#1006", "dan@example.com", 6890, 0, false, 1],
    ]);
    expect((await run(fixture, mapping)).job).toMatchObject({ accepted: 0, duplicates: 8, rejected: 2 });
  });

  it("fails with a clear message when the file lacks a mapped column, is not UTF-8 or not CSV", async () => {
    const missing = await run("order_id,customer_id,total\no1,c1,5\n");
    expect(missing.job).toMatchObject({ status: "failed", rowsRead: 0, accepted: 0, error: expect.stringContaining('The file has no column "date" (chosen for Placed at)') });
    const latin1 = Buffer.concat([Buffer.from("order_id,customer_id,date,total\no1,c1,2026-01-01,5\no2,K"), Buffer.from([0xf6]), Buffer.from("ln,2026-01-01,5\n")]);
    expect((await run(latin1)).job).toMatchObject({ status: "failed", error: expect.stringMatching(/not UTF-8 text \(line 3/) });
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    expect((await run(xlsx)).job).toMatchObject({ status: "failed", error: expect.stringContaining("Excel workbook") });
    expect((await run("")).job).toMatchObject({ status: "failed", error: expect.stringContaining("empty") });
  });

  it("fails when the uploaded file is gone, saying to upload it again", async () => {
    const staged = await stageImport(tdb.db, { orgId, userId, directory: dir, csv: ordersCsv(1), mapping: ORDERS });
    await rm(staged.filePath);
    const job = await processImportJob(tdb.db, orgId, staged.id, { filePath: staged.filePath });
    expect(job).toMatchObject({ status: "failed", error: expect.stringContaining("Upload it again") });
  });

  it(`keeps the first ${MAX_STORED_ERRORS} errors and counts all of them`, async () => {
    const count = MAX_STORED_ERRORS + 50;
    const { id, job } = await run(ordersCsv(count, (i) => `o${i},c1,2026-01-01,not-a-number,`));
    expect(job).toMatchObject({ status: "succeeded", rowsRead: count, accepted: 0, rejected: count });
    expect(await tdb.db.$count(importErrors, eq(importErrors.importId, id))).toBe(MAX_STORED_ERRORS);
  });

  it("stops when canceled and keeps what it had imported", async () => {
    const staged = await stageImport(tdb.db, { orgId, userId, directory: dir, csv: ordersCsv(3000), mapping: ORDERS });
    let canceled = false;
    const job = await processImportJob(tdb.db, orgId, staged.id, {
      filePath: staged.filePath,
      batchSize: 100,
      progressIntervalMs: 0,
      onProgress: (c) => {
        // Canceled from "another request": the import sees it at its next progress save.
        if (!canceled && c.accepted >= 200) {
          canceled = true;
          void cancelImportJob(tdb.db, { userId, label: "test" }, orgId, staged.id);
        }
      },
    });
    expect(job!.status).toBe("canceled");
    expect(job!.rowsRead).toBeLessThan(3000);
    expect(job!.accepted).toBeGreaterThanOrEqual(200);
    expect(job!.finishedAt).toBeInstanceOf(Date);
    expect(await tdb.db.$count(orders, eq(orders.orgId, orgId))).toBe(job!.accepted);
  });

  it("does not start an import canceled while queued", async () => {
    const staged = await stageImport(tdb.db, { orgId, userId, directory: dir, csv: ordersCsv(10), mapping: ORDERS });
    await cancelImportJob(tdb.db, { userId, label: "test" }, orgId, staged.id);
    const job = await processImportJob(tdb.db, orgId, staged.id, { filePath: staged.filePath });
    expect(job).toMatchObject({ status: "canceled", rowsRead: 0, startedAt: null });
    expect(await tdb.db.$count(orders)).toBe(0);
  });
});

describe("the runner", () => {
  it("runs queued imports one after the other and deletes the file of a successful one", async () => {
    const runner = new ImportRunner(tdb.db, dir);
    await runner.ready;
    const a = await stageImport(tdb.db, { orgId, userId, directory: dir, csv: ordersCsv(700), mapping: ORDERS });
    const b = await stageImport(tdb.db, { orgId, userId, directory: dir, csv: "nope\n", mapping: ORDERS });
    runner.enqueue({ orgId, id: a.id });
    runner.enqueue({ orgId, id: b.id });
    await runner.idle();
    expect(await findImportJob(tdb.db, orgId, a.id)).toMatchObject({ status: "succeeded", accepted: 700 });
    expect(await findImportJob(tdb.db, orgId, b.id)).toMatchObject({ status: "failed" });
    await expect(stat(a.filePath)).rejects.toThrow();
    // A failed import's file is kept, so that it can be started again.
    await expect(stat(b.filePath)).resolves.toBeTruthy();
  });

  it("cancels the import it is running at once", async () => {
    const runner = new ImportRunner(tdb.db, dir);
    await runner.ready;
    const staged = await stageImport(tdb.db, { orgId, userId, directory: dir, csv: ordersCsv(5000), mapping: ORDERS });
    runner.enqueue({ orgId, id: staged.id });
    for (let i = 0; i < 200 && (await findImportJob(tdb.db, orgId, staged.id))?.status !== "running"; i++) await new Promise((r) => setTimeout(r, 5));
    await cancelImportJob(tdb.db, { userId, label: "test" }, orgId, staged.id);
    runner.cancel({ orgId, id: staged.id });
    await runner.idle();
    const job = await findImportJob(tdb.db, orgId, staged.id);
    expect(job).toMatchObject({ status: "canceled" });
    expect(job!.rowsRead).toBeLessThan(5000);
  });

  it("after a restart, fails the imports left running and runs the ones left queued", async () => {
    const running = await stageImport(tdb.db, { orgId, userId, directory: dir, csv: ordersCsv(10), mapping: ORDERS });
    await claimImportJob(tdb.db, orgId, running.id);
    const queued = await stageImport(tdb.db, { orgId, userId, directory: dir, csv: ordersCsv(10), mapping: ORDERS });

    const runner = new ImportRunner(tdb.db, dir);
    await runner.idle();
    expect(await findImportJob(tdb.db, orgId, running.id)).toMatchObject({ status: "failed", error: ABANDONED_MESSAGE });
    expect(ABANDONED_MESSAGE).toBe("The server stopped during the import. Start it again: rows already imported are skipped.");
    expect(await findImportJob(tdb.db, orgId, queued.id)).toMatchObject({ status: "succeeded", accepted: 10 });
    const statuses = await tdb.db.select({ status: importJobs.status }).from(importJobs);
    expect(statuses.map((s) => s.status).sort()).toEqual(["failed", "succeeded"]);
  });
});
