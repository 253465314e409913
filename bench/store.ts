/**
 * npm run bench:store [-- 50000]
 *
 * ingestEvents() alone, sequentially, on a fresh PostgreSQL database: no HTTP, no concurrency. It
 * isolates the cost of the store (validation and SQL) from the server's, to see which one limits
 * bench:ingest.
 */
import { freshDatabase } from "./support/postgres";
import { machineLine } from "./support/machine";
import { insertOrganization } from "@/db/testing/factories";
import { generateDemoEvents } from "@/server/demo/generate";
import { ingestEvents } from "@/server/ingest/store";

const count = Number(process.argv[2] ?? 50_000);
const handle = await freshDatabase("aftercart_bench_store");
const org = await insertOrganization(handle.db, { currency: "EUR" });
const batches: unknown[][] = [];
let generated = 0;
for await (const batch of generateDemoEvents({ seed: 7, customers: Math.ceil(count / 40), now: new Date("2026-11-01T00:00:00Z") })) {
  batches.push(batch);
  generated += batch.length;
  if (generated >= count) break;
}
const started = performance.now();
let accepted = 0;
for (const batch of batches) accepted += (await ingestEvents(handle.db, { id: org.id, currency: "EUR" }, batch)).accepted;
const seconds = (performance.now() - started) / 1000;
console.log(`${accepted} events in ${seconds.toFixed(1)} s: ${Math.round(accepted / seconds)} events/s, sequential batches of 500 (${machineLine()})`);
await handle.close();
