/**
 * CSV import benchmark: `npm run bench:import [-- <rows>]` (default 1,000,000 rows).
 * Writes an orders CSV of that many rows to a temporary file, imports it through the import service
 * (the same processImportJob as uploads and the CLI) into a fresh embedded PGlite in a temporary
 * directory, or into the PostgreSQL database DATABASE_URL names, and prints rows/s and peak memory.
 * Streaming is what it proves: the heap stays flat however large the file.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { openDatabase, resolveDatabaseTarget } from "@/db";
import { migrateToLatest } from "@/db/migrate";
import { organizations } from "@/db/schema";
import { createImportJob } from "@/server/ingest/csv/jobs";
import { importMappingSchema } from "@/server/ingest/csv/mapping";
import { processImportJob } from "@/server/ingest/csv/process";

const rows = Number(process.argv[2] ?? 1_000_000);
if (!Number.isInteger(rows) || rows < 1) throw new Error("Give the number of rows as a positive integer.");
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

async function writeOrders(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  const start = Date.UTC(2024, 0, 1);
  out.write("order_id,customer_id,placed_at,total,currency,shipping,coupon\n");
  for (let i = 1; i <= count; i++) {
    const placed = new Date(start + i * 60_000).toISOString();
    const total = (((i * 7919) % 20_000) / 100 + 5).toFixed(2);
    const line = `B${i},c${i % 100_000},${placed},${total},EUR,${i % 3 === 0 ? "4.90" : "0"},${i % 10 === 0 ? "SPRING" : ""}\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function main() {
  const work = await mkdtemp(path.join(os.tmpdir(), "aftercart-bench-"));
  const file = path.join(work, "orders.csv");
  const postgres = process.env.DATABASE_URL?.startsWith("postgres");
  const handle = await openDatabase(postgres ? resolveDatabaseTarget() : { engine: "pglite", dataDir: path.join(work, "db") });
  try {
    process.stderr.write(`writing ${rows.toLocaleString("en")} orders to ${file}…\n`);
    await writeOrders(file, rows);
    const { size } = await stat(file);
    await migrateToLatest(handle);
    const [org] = await handle.db
      .insert(organizations)
      .values({ name: "Import benchmark", slug: `bench-${randomUUID().slice(0, 8)}`, currency: "EUR", timeZone: "UTC" })
      .returning();
    const mapping = importMappingSchema.parse({
      format: "orders",
      columns: { orderId: "order_id", customerId: "customer_id", timestamp: "placed_at", total: "total", currency: "currency", shipping: "shipping", coupon: "coupon" },
    });
    const id = randomUUID();
    await createImportJob(handle.db, { userId: null, label: "bench" }, org!.id, { id, kind: "orders", fileName: "orders.csv", fileBytes: size, mapping });

    let peakHeap = 0;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 250);
    const started = performance.now();
    let printed = started;
    const job = await processImportJob(handle.db, org!.id, id, {
      filePath: file,
      onProgress: (c) => {
        if (performance.now() - printed < 10_000) return;
        printed = performance.now();
        const s = (printed - started) / 1000;
        process.stderr.write(`  ${c.rowsRead.toLocaleString("en")} rows, ${Math.round(c.rowsRead / s)} rows/s, heap ${mb(process.memoryUsage().heapUsed)}, rss ${mb(process.memoryUsage().rss)}\n`);
      },
    });
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    const result = {
      engine: handle.target.engine,
      rows: job?.rowsRead,
      accepted: job?.accepted,
      rejected: job?.rejected,
      status: job?.status,
      fileSize: mb(size),
      seconds: Math.round(seconds),
      rowsPerSecond: Math.round((job?.rowsRead ?? 0) / seconds),
      peakRss: mb(process.resourceUsage().maxRSS * 1024),
      peakHeap: mb(peakHeap),
      cpus: os.cpus().length,
      date: new Date().toISOString().slice(0, 10),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (job?.status !== "succeeded" || job.accepted !== rows) process.exitCode = 1;
  } finally {
    await handle.close();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
