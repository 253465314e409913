/**
 * npm run bench:ingest [-- --events 200000 --connections 8 --single-rate 200 --single-seconds 20]
 *
 * The production server on PostgreSQL receives generated demo events through POST /api/v1/events
 * from concurrent clients (autocannon); then single-event requests at a steady rate (an open loop:
 * bench/support/open-loop.ts) and at the same rate in autocannon's bursts; then, in the same
 * run, a raw COPY of the same rows into an identical table as the ceiling. Prints a Markdown table
 * for docs/performance.md and writes bench/results/ingest.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import autocannon from "autocannon";
import postgres from "postgres";
import { createApiKey } from "@/server/services/api-keys";
import { insertOrganization } from "@/db/testing/factories";
import { generateDemoEvents } from "@/server/demo/generate";
import { databaseUrl, freshDatabase } from "./support/postgres";
import { startProductionServer } from "./support/server";
import { machineLine } from "./support/machine";
import { openLoop, percentileOf } from "./support/open-loop";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "200000" },
    connections: { type: "string", default: "8" },
    "single-rate": { type: "string", default: "200" },
    "single-seconds": { type: "string", default: "20" },
    port: { type: "string", default: "3310" },
  },
});
const EVENTS = Number(args.events);
const DB_NAME = "aftercart_bench_ingest";

async function batchBodies(): Promise<{ bodies: string[]; events: number }> {
  const bodies: string[] = [];
  let events = 0;
  // About 60 events per demo customer: generate enough customers, stop at the requested count.
  const generator = generateDemoEvents({ seed: 7, customers: Math.ceil(EVENTS / 40), now: new Date("2026-11-01T00:00:00Z"), batchSize: 500 });
  for await (const batch of generator) {
    const take = batch.slice(0, EVENTS - events);
    bodies.push(JSON.stringify({ batch: take }));
    events += take.length;
    if (events >= EVENTS) break;
  }
  return { bodies, events };
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const handle = await freshDatabase(DB_NAME);
const org = await insertOrganization(handle.db, { slug: "bench", name: "Bench", currency: "EUR" });
const { key } = await createApiKey(handle.db, { userId: null, label: "bench" }, org.id, { kind: "ingest", name: "bench" });
await handle.close();

console.error(`generating ${EVENTS.toLocaleString("en")} demo events…`);
const { bodies, events } = await batchBodies();

const server = await startProductionServer(Number(args.port), {
  DATABASE_URL: databaseUrl(DB_NAME),
  RATE_LIMIT_INGEST_PER_SECOND: "10000000",
  AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
});
const headers = { "content-type": "application/json", authorization: `Bearer ${key}` };
try {
  // Warm the route (JIT, connection pool) on a throwaway batch that is not counted.
  await fetch(`${server.url}/api/v1/events`, { method: "POST", headers, body: JSON.stringify({ type: "page.viewed", anonymousId: "warmup" }) });

  console.error(`phase 1: ${bodies.length} batches over ${args.connections} connections…`);
  let next = 0;
  let accepted = 0;
  // Timed here, to the last response: autocannon's own `duration` counts whole seconds, and it calls
  // back on its next one-second tick after the last response (10 s or 11 s is 10 % of the result).
  const batchStarted = performance.now();
  let lastResponseAt = batchStarted;
  const batch = await run({
    url: `${server.url}/api/v1/events`,
    method: "POST",
    headers,
    connections: Number(args.connections),
    amount: bodies.length,
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        onResponse: (status, body) => {
          lastResponseAt = performance.now();
          if (status === 200) accepted += (JSON.parse(body) as { accepted: number }).accepted;
        },
      },
    ],
  });
  const batchSeconds = (lastResponseAt - batchStarted) / 1000;

  const singleBody = () => JSON.stringify({ id: randomUUID(), type: "page.viewed", anonymousId: `s_${randomUUID()}` });
  console.error(`phase 2: single events at a steady ${args["single-rate"]} requests/s for ${args["single-seconds"]} s…`);
  const steady = await openLoop({
    url: `${server.url}/api/v1/events`,
    headers,
    rate: Number(args["single-rate"]),
    seconds: Number(args["single-seconds"]),
    body: singleBody,
  });
  const steadyP50 = Math.round(percentileOf(steady.latencies, 50));
  const steadyP99 = Math.round(percentileOf(steady.latencies, 99));
  const steadyMax = Math.round(Math.max(...steady.latencies));

  // The same rate as autocannon sends it: each of 20 connections spends its per-second quota back to
  // back, i.e. a burst of 20 concurrent requests every second. Kept as the worst case of arrival.
  console.error(`phase 2b: the same rate in bursts (autocannon overallRate, 20 connections)…`);
  const single = await run({
    url: `${server.url}/api/v1/events`,
    method: "POST",
    headers,
    connections: 20,
    overallRate: Number(args["single-rate"]),
    duration: Number(args["single-seconds"]),
    requests: [{ setupRequest: (request) => ({ ...request, body: singleBody() }) }],
  });

  console.error(`  ${accepted} accepted in ${batchSeconds.toFixed(2)} s: ${Math.round(accepted / batchSeconds)} events/s; p50 ${batch.latency.p50} ms, p99 ${batch.latency.p99} ms`);
  console.error(`  single events, steady: p50 ${steadyP50} ms, p99 ${steadyP99} ms, max ${steadyMax} ms, ${steady.non2xx + steady.errors} failed`);
  console.error(`  single events, bursts: p50 ${single.latency.p50} ms, p99 ${single.latency.p99} ms, ${single.non2xx} non-2xx`);

  console.error("phase 3: COPY ceiling…");
  // A fresh connection per COPY: postgres.js leaves a connection paused after COPY TO STDOUT, and
  // the next query on it would never run.
  const connect = () => postgres(databaseUrl(DB_NAME), { max: 1, onnotice: () => {} });
  const exporter = connect();
  await exporter`create table events_copy_ceiling (like events including all)`;
  const chunks: Buffer[] = [];
  // COPY takes no bind parameters; the org id is a UUID this script created.
  const exportQuery = `copy (select * from events where org_id = '${org.id}' and source = 'api'
    and coalesce(anonymous_id, '') not like 's\\_%' and anonymous_id is distinct from 'warmup') to stdout`;
  for await (const chunk of await exporter.unsafe(exportQuery).readable()) chunks.push(chunk as Buffer);
  void exporter.end({ timeout: 1 });
  const importer = connect();
  const copyStarted = performance.now();
  await pipeline(Readable.from(chunks), await importer`copy events_copy_ceiling from stdin`.writable());
  const copySeconds = (performance.now() - copyStarted) / 1000;
  await importer.end();
  const counter = connect();
  const [counted] = await counter<{ rows: string }[]>`select count(*) as rows from events_copy_ceiling`;
  const rows = Number(counted!.rows);
  await counter.end();

  const apiRate = accepted / batchSeconds;
  const copyRate = Number(rows) / copySeconds;
  const result = {
    machine: machineLine(),
    events,
    accepted,
    batchRequests: batch.requests.total,
    batchNon2xx: batch.non2xx,
    eventsPerSecond: Math.round(apiRate),
    batchLatencyMs: { p50: batch.latency.p50, p99: batch.latency.p99 },
    single: { requests: steady.requests, failed: steady.non2xx + steady.errors, p50: steadyP50, p99: steadyP99, max: steadyMax, rate: Number(args["single-rate"]) },
    singleBursts: { requests: single.requests.total, non2xx: single.non2xx, p50: single.latency.p50, p99: single.latency.p99 },
    copy: { rows: Number(rows), seconds: Number(copySeconds.toFixed(2)), rowsPerSecond: Math.round(copyRate) },
    ratioToCopy: Number((apiRate / copyRate).toFixed(3)),
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/ingest.json", `${JSON.stringify(result, null, 2)}\n`);
  console.log(`
| measure | value | target |
|---|---|---|
| events accepted through the batch API | ${accepted.toLocaleString("en")} of ${events.toLocaleString("en")} (${batch.non2xx} non-2xx) | all |
| sustained ingest, ${args.connections} connections, 500-event batches | ${result.eventsPerSecond.toLocaleString("en")} events/s | >= 20,000 |
| batch request latency p50 / p99 | ${batch.latency.p50} ms / ${batch.latency.p99} ms | |
| COPY of the same rows into an identical table | ${result.copy.rowsPerSecond.toLocaleString("en")} rows/s | ceiling |
| API / COPY | ${(result.ratioToCopy * 100).toFixed(1)} % | >= 25 % |
| single-event requests at a steady ${args["single-rate"]}/s: p50 / p99 (max) | ${steadyP50} ms / ${steadyP99} ms (${steadyMax} ms; ${steady.non2xx + steady.errors} failed of ${steady.requests}) | p99 < 50 ms |
| the same rate in bursts of 20 concurrent requests: p50 / p99 | ${single.latency.p50} ms / ${single.latency.p99} ms (${single.non2xx} non-2xx of ${single.requests.total}) | |

Measured ${result.machine}.`);
} finally {
  await server.stop();
}
