import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PgDialect } from "drizzle-orm/pg-core";
import { eq, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { getTableName, type Table } from "drizzle-orm";
import * as schema from "@/db/schema";
import { organizations } from "@/db/schema";
import { createTestDatabase, testEngine, type TestDatabase } from "@/db/testing/test-database";
import { whileWriteIsOpen } from "@/db/testing/open-write";
import { ingestEvents } from "@/server/ingest/store";
import { eraseCustomer } from "@/server/services/customer-privacy";
import { dataVersionOf } from "./answer-cache";
import { metricFixture, on } from "./testing/fixture";
import { computingStatements as computing, recording } from "./testing/recording";
import { readMetrics } from "./service";

// A kept answer is served only while it is still the answer: same data version, same settings, and
// no outcome window ended since it was computed. Each test reads through the cache and compares with
// a computation that bypasses it.

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());


const KEYS = ["revenue", "orders", "checkout_abandonment_rate", "cart_recovery_conversion_rate"];
const READ = { keys: KEYS, from: "2026-06-01", to: "2026-06-08", interval: "day" as const };
const NOW = new Date("2026-06-08T06:00:00Z");

async function shop() {
  const f = await metricFixture(tdb.db);
  await f.send(
    [
      { type: "order.placed", customerId: "c1", timestamp: on("2026-06-02"), properties: { orderId: "o1", total: 40 } },
      { type: "checkout.started", customerId: "c1", timestamp: on("2026-06-03"), properties: { checkoutId: "k1" } },
      // Started 2026-06-07 12:00: its 24 h end at 2026-06-08 12:00, six hours after NOW.
      { type: "checkout.started", customerId: "c2", timestamp: "2026-06-07T12:00:00Z", properties: { checkoutId: "k2" } },
    ],
    NOW,
  );
  return f;
}

const fresh = (orgId: string, now: Date, read = READ) => readMetrics(tdb.db, orgId, read, now, undefined, { cache: false });

describe("the metric answer cache", () => {
  it("serves a second identical read without computing it again, with the answers of a computation", async () => {
    const f = await shop();
    const first: string[] = [];
    const served = await readMetrics(recording(tdb.db, first), f.org.id, READ, NOW);
    expect(computing(first).length).toBeGreaterThan(0);
    const second: string[] = [];
    const again = await readMetrics(recording(tdb.db, second), f.org.id, READ, NOW);
    expect(computing(second)).toEqual([]);
    expect(again).toEqual(served);
    expect(again).toEqual(await fresh(f.org.id, NOW));
    // Revenue 40 (one order); abandonment 1 of 1 settled checkout (k2 pending until 2026-06-08 12:00).
    expect(again.metrics.map((m) => m.value)).toEqual([40, 1, 100, null]);
  });

  it("serves a kept answer until the next outcome window ends (k2's 24 h at 12:00), then computes: 100 % abandoned, then 2 of 2", async () => {
    const f = await shop();
    await readMetrics(tdb.db, f.org.id, READ, NOW);
    const before: string[] = [];
    const justBefore = new Date("2026-06-08T11:59:59.999Z");
    const kept = await readMetrics(recording(tdb.db, before), f.org.id, READ, justBefore);
    expect(computing(before)).toEqual([]);
    expect(kept).toEqual(await fresh(f.org.id, justBefore));
    const after: string[] = [];
    const atEnd = new Date("2026-06-08T12:00:00Z");
    const recomputed = await readMetrics(recording(tdb.db, after), f.org.id, READ, atEnd);
    expect(computing(after).length).toBeGreaterThan(0);
    expect(recomputed).toEqual(await fresh(f.org.id, atEnd));
    expect(recomputed.metrics.find((m) => m.key === "checkout_abandonment_rate")!.breakdown).toMatchObject({ started: 2, abandoned: 2, pending: 0 });
  });

  it("does not serve an answer computed for a later now to a read for an earlier one", async () => {
    const f = await shop();
    await readMetrics(tdb.db, f.org.id, READ, new Date("2026-06-09T00:00:00Z"));
    const statements: string[] = [];
    const earlier = await readMetrics(recording(tdb.db, statements), f.org.id, READ, NOW);
    expect(computing(statements).length).toBeGreaterThan(0);
    expect(earlier).toEqual(await fresh(f.org.id, NOW));
  });

  it("computes again after each kind of write: an event, an erasure, a settings change; revenue 40 -> 65 -> 25", async () => {
    const f = await shop();
    const revenue = async () => (await readMetrics(tdb.db, f.org.id, READ, NOW)).metrics[0]!.value;
    expect(await revenue()).toBe(40);
    await f.send([{ type: "order.placed", customerId: "c2", timestamp: on("2026-06-04"), properties: { orderId: "o2", total: 25 } }], NOW);
    expect(await revenue()).toBe(65);
    await eraseCustomer(tdb.db, { userId: null, label: "cache test" }, f.org.id, "c1");
    expect(await revenue()).toBe(25);
    // A setting the definitions read is part of what an answer is kept for: k2's 6 h ended long before NOW.
    await tdb.db.update(organizations).set({ abandonmentWindowHours: 6 }).where(eq(organizations.id, f.org.id));
    const afterSetting = await readMetrics(tdb.db, f.org.id, READ, NOW);
    expect(afterSetting).toEqual(await fresh(f.org.id, NOW));
    expect(afterSetting.metrics.find((m) => m.key === "checkout_abandonment_rate")!.breakdown).toMatchObject({ pending: 0 });
  });

  it.each([
    ["after its version read, before it computes", "from metric_data_versions"],
    ["while it computes: after revenue's statement, before others", "as gross"],
    ["after it computed, before it keeps", "least("],
  ])("a write committed while a read runs (%s) is in the next read: revenue 65, whatever the slow read kept", async (_, moment) => {
    const f = await shop();
    // The slow read: once a statement of `moment` has run (and its transaction, if any, has ended), an
    // order of 25 is stored and committed.
    let written = false;
    const write = () => f.send([{ type: "order.placed", customerId: "c2", timestamp: on("2026-06-04"), properties: { orderId: "o2", total: 25 } }], NOW);
    const dialect = new PgDialect();
    const wrap = (target: Executor, inTransaction: { matched: boolean } | null): Executor =>
      new Proxy(target, {
        get(t, property, receiver) {
          if (property === "transaction") {
            return async (fn: (tx: Executor) => unknown) => {
              const seen = { matched: false };
              const result = await t.transaction((tx) => fn(wrap(tx, seen)) as never);
              if (seen.matched && !written) {
                written = true;
                await write();
              }
              return result;
            };
          }
          if (property !== "execute") return Reflect.get(t, property, receiver);
          return async (query: SQL) => {
            const result = await t.execute(query);
            if (dialect.sqlToQuery(query).sql.includes(moment)) {
              if (inTransaction) inTransaction.matched = true;
              else if (!written) {
                written = true;
                await write();
              }
            }
            return result;
          };
        },
      });
    const slow = await readMetrics(wrap(tdb.db, null), f.org.id, READ, NOW);
    expect(written).toBe(true);
    if (moment === "as gross") expect(slow.metrics[0]!.value).toBe(40);
    const next = await readMetrics(tdb.db, f.org.id, READ, NOW);
    expect(next.metrics[0]!.value).toBe(65);
    expect(next).toEqual(await fresh(f.org.id, NOW));
  });

  it("serves whole days read at the midnight they end (the default period), and keeps nothing for `from` without `to`", async () => {
    const f = await shop();
    const midnight = new Date("2026-06-08T00:00:00Z");
    await readMetrics(tdb.db, f.org.id, READ, midnight);
    const again: string[] = [];
    await readMetrics(recording(tdb.db, again), f.org.id, READ, midnight);
    expect(computing(again)).toEqual([]);
    const open = { keys: KEYS, from: "2026-06-01" };
    await readMetrics(tdb.db, f.org.id, open, NOW);
    const openAgain: string[] = [];
    await readMetrics(recording(tdb.db, openAgain), f.org.id, open, NOW);
    expect(computing(openAgain).length).toBeGreaterThan(0);
    expect(openAgain.some((s) => s.includes("metric_answers"))).toBe(false);
  });

  it("keeps nothing for a read inside a caller's transaction, and takes nothing kept", async () => {
    const f = await shop();
    await readMetrics(tdb.db, f.org.id, READ, NOW);
    await tdb.db.transaction(async (tx) => {
      const statements: string[] = [];
      await readMetrics(recording(tx, statements), f.org.id, READ, NOW);
      expect(computing(statements).length).toBeGreaterThan(0);
      expect(statements.some((s) => s.includes("metric_answers"))).toBe(false);
    });
  });

  it("moves the data version with every transaction that changes a table the metrics read, once, and not with one that changes nothing", async () => {
    const f = await shop();
    const org = f.org.id;
    const changes: [string, SQL][] = [
      ["events insert", sql`insert into events (org_id, message_id, type, timestamp, customer_id, properties) values (${org}, 'copy-1', 'page.viewed', now(), 'c1', '{}')`],
      ["events update", sql`update events set properties = properties where org_id = ${org}`],
      ["customers update", sql`update customers set traits = traits where org_id = ${org}`],
      ["identity_links insert", sql`insert into identity_links (org_id, anonymous_id, customer_id, linked_at) values (${org}, 'anon-1', 'c1', now())`],
      ["identity_links delete", sql`delete from identity_links where org_id = ${org}`],
      ["orders update", sql`update orders set total_minor = total_minor where org_id = ${org}`],
      ["exchange_rates insert", sql`insert into exchange_rates (org_id, currency, effective_on, rate) values (${org}, 'USD', '2026-01-01', 0.9)`],
      ["exchange_rates delete", sql`delete from exchange_rates where org_id = ${org}`],
      ["events delete", sql`delete from events where org_id = ${org} and type = 'checkout.started'`],
    ];
    for (const [name, change] of changes) {
      const before = await dataVersionOf(tdb.db, org);
      await tdb.db.execute(change);
      expect(await dataVersionOf(tdb.db, org), name).toBe(before + 1);
    }
    const before = await dataVersionOf(tdb.db, org);
    await tdb.db.execute(sql`delete from events where org_id = ${org} and type = 'no.such.type'`);
    expect(await dataVersionOf(tdb.db, org)).toBe(before);
    await tdb.db.transaction(async (tx) => {
      await tx.execute(sql`delete from events where org_id = ${org}`);
      tx.rollback();
    }).catch(() => {});
    expect(await dataVersionOf(tdb.db, org)).toBe(before);
    // Two changes in one transaction: one move, at its commit (not before: a reader sees the old version meanwhile).
    await tdb.db.transaction(async (tx) => {
      await tx.execute(sql`update customers set traits = traits where org_id = ${org}`);
      await tx.execute(sql`update orders set total_minor = total_minor where org_id = ${org}`);
    });
    expect(await dataVersionOf(tdb.db, org)).toBe(before + 1);
    expect(rowsOf(await tdb.db.execute(sql`select * from metric_data_change_marks`))).toEqual([]);
  });

  it.runIf(testEngine() === "postgres")("two writers of one organisation do not wait for each other: the second commits while the first is open, and each moves the version once", async () => {
    const f = await shop();
    const before = await dataVersionOf(tdb.db, f.org.id);
    // Two customers: batches of one customer wait for each other on its row, as they always have.
    const event = (orderId: string) => [{ type: "order.placed", customerId: `c-${orderId}`, timestamp: on("2026-06-05"), properties: { orderId, total: 10 } }];
    await whileWriteIsOpen(
      tdb.db,
      (tx) => ingestEvents(tx, { id: f.org.id, currency: "EUR" }, event("o8"), { now: NOW }),
      async () => {
        // Before the version moved at commit, this waited for the open write's lock on the version row, for good.
        const second = ingestEvents(tdb.db, { id: f.org.id, currency: "EUR" }, event("o9"), { now: NOW });
        const waited = new Promise((resolve) => setTimeout(() => resolve("waited"), 5_000));
        expect(await Promise.race([second.then(() => "committed"), waited])).toBe("committed");
        expect(await dataVersionOf(tdb.db, f.org.id)).toBe(before + 1);
      },
    );
    expect(await dataVersionOf(tdb.db, f.org.id)).toBe(before + 2);
  });

  it.runIf(testEngine() === "postgres")("keeps no answer read from checkout summaries that could not catch up: k1's completion, behind a write that rolls back, is in the next read", async () => {
    const f = await shop();
    const abandonment = (read: Awaited<ReturnType<typeof readMetrics>>) => read.metrics.find((m) => m.key === "checkout_abandonment_rate")!.breakdown;
    expect(abandonment(await readMetrics(tdb.db, f.org.id, READ, NOW))).toMatchObject({ abandoned: 1 });
    // k1 completes (committed: k1 is named for the summaries' next refresh)…
    await f.send([{ type: "checkout.completed", customerId: "c1", timestamp: "2026-06-03T10:30:00Z", properties: { checkoutId: "k1" } }], NOW);
    // …while another write naming k1 is open: the read's refresh skips k1 (held), and reads k1 as abandoned.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const rolledBack = tdb.db
      .transaction(async (tx) => {
        await ingestEvents(tx, { id: f.org.id, currency: "EUR" }, [{ type: "checkout.step_viewed", customerId: "c1", timestamp: "2026-06-03T10:10:00Z", properties: { checkoutId: "k1", step: "cart" } }], { now: NOW });
        opened();
        await gate;
        throw new Error("the client went away");
      })
      .catch(() => "rolled back");
    await open;
    const during = await readMetrics(tdb.db, f.org.id, READ, NOW);
    release();
    expect(await rolledBack).toBe("rolled back");
    expect(abandonment(during)).toMatchObject({ abandoned: 1 });
    // The version did not move with the rolled-back write: only not keeping `during` lets the next read see k1 completed.
    const next = await readMetrics(tdb.db, f.org.id, READ, NOW);
    expect(abandonment(next)).toMatchObject({ abandoned: 0 });
    expect(next).toEqual(await fresh(f.org.id, NOW));
  });

  it("counts inserts, updates and deletes of every table the metric modules read, except the rollups kept from them", async () => {
    // The guard for the next metric: one that reads a new table must give it the triggers of migration 0016
    // (or be a rollup of counted tables), or the cache would serve answers from before that table changed.
    const dir = path.join(process.cwd(), "server/metrics");
    const source = readdirSync(dir)
      .filter((name) => name.endsWith(".ts") && !name.includes(".test.") && name !== "answer-cache.ts")
      .map((name) => readFileSync(path.join(dir, name), "utf8"))
      .join("\n");
    const tables = rowsOf<{ tablename: string }>(await tdb.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`)).map((r) => r.tablename);
    // In SQL text; a name the statements define themselves (`with sessions as (…)`) is not the table of that name.
    const inSql = tables.filter((t) => new RegExp(`\\b(from|join)\\s+${t}\\b`).test(source) && !new RegExp(`\\b${t}\\s+as\\s+(materialized\\s+)?\\(`).test(source));
    // Through the query builder: the tables imported from the schema. The organisation's row is read for its
    // settings, which are part of every answer's fingerprint instead (loadMetricSettings).
    const imported = [...source.matchAll(/import \{([^}]*)\} from "@\/db\/schema"/g)]
      .flatMap((m) => m[1]!.split(",").map((name) => name.trim()))
      .map((name) => getTableName((schema as unknown as Record<string, Table>)[name]!))
      .filter((table) => table !== "organizations");
    const read = [...new Set([...inSql, ...imported])];
    // pg_trigger.tgtype bits: 4 insert, 8 delete, 16 update.
    const kinds = rowsOf<{ table: string; kinds: number }>(
      await tdb.db.execute(sql`select c.relname as table, bit_or(t.tgtype::int & 28) as kinds from pg_trigger t join pg_class c on c.oid = t.tgrelid
                               where t.tgname like '%\_count' group by c.relname`),
    );
    const counted = new Set(kinds.filter((k) => Number(k.kinds) === 28).map((k) => k.table));
    const ROLLUPS = ["customer_activity_days", "customer_activity_spans", "keyed_events", "visit_sessions", "checkout_summaries"];
    expect(read).toEqual(expect.arrayContaining(["events", "customers", "identity_links", "orders", "order_refunds", "order_cancellations", "exchange_rates"]));
    expect(read.filter((t) => !counted.has(t) && !ROLLUPS.includes(t))).toEqual([]);
  });
});
