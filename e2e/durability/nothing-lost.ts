/**
 * `npm run test:durability`: nothing acknowledged is ever lost.
 *
 * Starts the production server (an existing `next build`, NEXT_DIST_DIR or .next) on a fresh
 * PostgreSQL database, sends concurrent batches of events with unique ids, kills the server with
 * SIGKILL while requests are in flight, and then checks in PostgreSQL that:
 *   1. every event of every batch that got a 200 is stored (the answer comes after the commit);
 *   2. every other batch is stored whole or not at all (one transaction per request);
 *   3. retrying the unanswered batches after a restart, as a client would, stores each event once.
 * It also checks that the database rate-limit store worked inside the built server.
 *
 * Needs a build, hence a script run after `next build` (.ci/run) rather than a vitest file.
 * Environment: DURABILITY_ADMIN_URL (default TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres),
 * DURABILITY_PORT (default 3290), NEXT_DIST_DIR (default .next).
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { openDatabase } from "@/db";
import { migrateToLatest } from "@/db/migrate";
import { insertOrganizationWithKeys } from "@/db/testing/factories";
import { postBatch, runLoad, type Batch } from "./load";
import { startServer } from "./server";

const ADMIN_URL = process.env.DURABILITY_ADMIN_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PORT = Number(process.env.DURABILITY_PORT ?? 3290);
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
const WORKERS = 8;
const BATCH_SIZE = 100;
// Enough answered batches that the kill lands in steady load, not during warm-up.
const KILL_AFTER_ACKS = 20;

const failures: string[] = [];
const check = (ok: boolean, message: string) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${message}`);
  if (!ok) failures.push(message);
};

if (!existsSync(path.join(DIST_DIR, "BUILD_ID"))) {
  console.error(`No production build in ${DIST_DIR}: run \`NEXT_DIST_DIR=${DIST_DIR} npx next build\` first.`);
  process.exit(1);
}

const database = `aftercart_durability_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${database}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${database}`;
const databaseUrl = url.toString();
const sqlClient = postgres(databaseUrl, { max: 2, onnotice: () => {} });

try {
  const handle = await openDatabase({ engine: "postgres", url: databaseUrl });
  await migrateToLatest(handle);
  const { org, ingestKey } = await insertOrganizationWithKeys(handle.db);
  await handle.close();

  const serverEnv = {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomUUID() + randomUUID(),
    APP_URL: `http://127.0.0.1:${PORT}`,
    // The shared store, so that this run also proves it works inside the built server; a budget no
    // load here reaches.
    RATE_LIMIT_STORE: "database",
    RATE_LIMIT_INGEST_PER_SECOND: "100000",
  };
  const server = await startServer({ port: PORT, distDir: DIST_DIR, env: serverEnv });
  console.log(`server up on ${server.url} (${DIST_DIR}), database ${database}`);

  let killed = false;
  let killing: Promise<void> | null = null;
  let batches: Batch[];
  try {
    batches = await runLoad({
      url: server.url,
      key: ingestKey,
      workers: WORKERS,
      batchSize: BATCH_SIZE,
      shouldStop: () => killed,
      onAck: (acked) => {
        if (acked !== KILL_AFTER_ACKS || killing) return;
        // A random moment inside the next requests' lifetimes, so that some commits are in flight.
        killing = sleep(Math.random() * 150).then(async () => {
          killed = true;
          await server.crash();
        });
      },
    });
  } finally {
    killed = true;
    await (killing ?? server.crash());
  }

  const acked = batches.filter((b) => b.outcome === "acked");
  const unanswered = batches.filter((b) => b.outcome !== "acked");
  const stored = new Set(
    (await sqlClient<{ message_id: string }[]>`select message_id from events where org_id = ${org.id}`).map((r) => r.message_id),
  );
  const storedCount = (b: Batch) => b.events.filter((e) => stored.has(e.id)).length;

  console.log(`sent ${batches.length} batches of ${BATCH_SIZE}: ${acked.length} answered 200, ${unanswered.length} cut off by SIGKILL`);
  const missing = acked.flatMap((b) => b.events.filter((e) => !stored.has(e.id)).map((e) => e.id));
  check(acked.length >= KILL_AFTER_ACKS, `the load ran until the kill (${acked.length} acknowledged batches)`);
  check(unanswered.length > 0, `the kill cut requests off mid-flight (${unanswered.length})`);
  check(missing.length === 0, `every event of every acknowledged batch is stored (${acked.length * BATCH_SIZE} events; missing: ${missing.slice(0, 5).join(", ") || "none"})`);
  const committedAnyway = unanswered.filter((b) => storedCount(b) === BATCH_SIZE);
  const partial = unanswered.filter((b) => storedCount(b) > 0 && storedCount(b) < BATCH_SIZE);
  check(partial.length === 0, `no unanswered batch is stored in part (${partial.map((b) => b.id).join(", ") || "none"})`);
  console.log(`     of the unanswered batches, ${committedAnyway.length} had committed before the kill (fine: the client retries them as duplicates)`);
  const limiterRows = await sqlClient<{ key: string }[]>`select key from rate_limits where key like ${"rl_ingest:%"}`;
  check(limiterRows.length > 0, "the database rate-limit store counted requests inside the built server");

  // A client retries what got no answer; ids make the retry safe.
  const restarted = await startServer({ port: PORT, distDir: DIST_DIR, env: serverEnv });
  try {
    let duplicates = 0;
    for (const batch of unanswered) {
      const response = await postBatch(restarted.url, ingestKey, batch);
      const answer = (await response.json()) as { accepted: number; duplicates: number };
      if (response.status !== 200 || answer.accepted + answer.duplicates !== BATCH_SIZE) {
        check(false, `retry of ${batch.id} answered ${response.status} ${JSON.stringify(answer)}`);
      }
      duplicates += answer.duplicates;
    }
    check(duplicates === committedAnyway.length * BATCH_SIZE, `retries reported exactly the committed events as duplicates (${duplicates})`);
  } finally {
    await restarted.stop();
  }
  const [totals] = await sqlClient<{ total: number; distinct: number; orders: number }[]>`
    select count(*)::int as total, count(distinct message_id)::int as distinct,
           (select count(*)::int from orders where org_id = ${org.id}) as orders
    from events where org_id = ${org.id}`;
  check(
    totals!.total === batches.length * BATCH_SIZE && totals!.distinct === totals!.total,
    `after the retries every event is stored exactly once (${totals!.total} of ${batches.length * BATCH_SIZE})`,
  );
  check(totals!.orders === batches.length, `every order is stored exactly once (${totals!.orders} of ${batches.length})`);
} catch (error) {
  failures.push(String(error));
  console.error(error);
} finally {
  await sqlClient.end({ timeout: 5 });
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.end({ timeout: 5 });
}

console.log(failures.length ? `\ndurability: ${failures.length} check(s) failed` : "\ndurability: nothing acknowledged was lost");
process.exit(failures.length ? 1 : 0);
