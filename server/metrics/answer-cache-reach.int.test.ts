import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { rowsOf } from "@/db";
import { createTestDatabase, testEngine, type TestDatabase } from "@/db/testing/test-database";
import { writesSideBySide } from "@/db/testing/open-write";
import { lockAnonymousIds } from "@/server/ingest/activity-days";
import { eraseCustomer } from "@/server/services/customer-privacy";
import { metricFixture, on } from "./testing/fixture";
import { computingStatements as computing, recording } from "./testing/recording";
import { dataVersionOf, keepAnswers } from "./answer-cache";
import { listMetrics } from "./catalog";
import type { MetricResult } from "./engine";
import { readMetrics } from "./service";

// A kept answer is served across writes that reach only at or after its horizon (answer-cache.ts): each
// committed change is logged with the earliest instant it can affect (migration 0018's triggers), and each
// answer kept with the latest instant it reads. These tests pin both halves: how far back each kind of write
// reaches, and which reads are served across which writes. answer-cache-consistency.int.test.ts holds the
// whole to account on random histories.

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const NOW = new Date("2026-06-20T06:00:00Z");

/** How far back the organisation's last committed change reached, as text ('-infinity', 'infinity' or an ISO instant). */
async function lastReach(orgId: string): Promise<string> {
  const [row] = rowsOf<{ reach: string }>(
    await tdb.db.execute(sql`
      select case when earliest_at = '-infinity' then '-infinity' when earliest_at = 'infinity' then 'infinity'
                  else to_char(earliest_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') end as reach
      from metric_data_changes where org_id = ${orgId} order by version desc limit 1`),
  );
  return row!.reach;
}


describe("how far back a write reaches", () => {
  it("an event reaches its own time; a link, its anonymous id's first event; a refund or a cancellation, its order's placement", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([{ type: "order.placed", customerId: "c1", timestamp: on("2026-06-02"), properties: { orderId: "o1", total: 40 } }], NOW);
    expect(await lastReach(f.org.id)).toBe("2026-06-02T10:00:00Z");
    await f.send([{ type: "page.viewed", customerId: "c1", timestamp: on("2026-06-10"), properties: { path: "/" } }], NOW);
    expect(await lastReach(f.org.id)).toBe("2026-06-10T10:00:00Z");
    // a9 browsed on June 5th; its identification on the 19th makes those views c9's.
    await f.send([{ type: "page.viewed", anonymousId: "a9", timestamp: on("2026-06-05"), properties: { path: "/" } }], NOW);
    await f.send([{ type: "customer.identified", customerId: "c9", anonymousId: "a9", timestamp: on("2026-06-19"), properties: { traits: {} } }], NOW);
    expect(await lastReach(f.org.id)).toBe("2026-06-05T10:00:00Z");
    // Sent on the 19th, about an order of the 2nd.
    await f.send([{ type: "order.refunded", customerId: "c1", timestamp: on("2026-06-19"), properties: { orderId: "o1", amount: 5 } }], NOW);
    expect(await lastReach(f.org.id)).toBe("2026-06-02T10:00:00Z");
    await f.send([{ type: "page.viewed", customerId: "c1", timestamp: on("2026-06-18"), properties: { path: "/" } }], NOW);
    await f.send([{ type: "order.canceled", customerId: "c1", timestamp: on("2026-06-19"), properties: { orderId: "o1" } }], NOW);
    expect(await lastReach(f.org.id)).toBe("2026-06-02T10:00:00Z");
    // A refund waiting for its order: the order, when it comes, reaches back to the refund.
    await f.send([{ type: "order.refunded", customerId: "c2", timestamp: on("2026-06-11"), properties: { orderId: "o7" } }], NOW);
    expect(await lastReach(f.org.id)).toBe("2026-06-11T10:00:00Z");
    await f.send([{ type: "page.viewed", customerId: "c1", timestamp: on("2026-06-18"), properties: { path: "/" } }], NOW);
    await f.send([{ type: "order.placed", customerId: "c2", timestamp: on("2026-06-15"), properties: { orderId: "o7", total: 30 } }], NOW);
    expect(await lastReach(f.org.id)).toBe("2026-06-11T10:00:00Z");
    // Its cancellation takes that refund out again.
    await f.send([{ type: "page.viewed", customerId: "c1", timestamp: on("2026-06-18"), properties: { path: "/" } }], NOW);
    await f.send([{ type: "order.canceled", customerId: "c2", timestamp: on("2026-06-19"), properties: { orderId: "o7" } }], NOW);
    expect(await lastReach(f.org.id)).toBe("2026-06-11T10:00:00Z");
  });

  // Every writer of identity links takes the anonymous-id locks ingest takes (server/ingest/activity-days.ts
  // lockAnonymousIds; ingest and erasure do): the rows that keep a resolved customer (orders, keyed events) are
  // re-resolved after them. So a guest's order sent while a link of its anonymous id is open waits for the link.
  it.runIf(testEngine() === "postgres")(
    "a link and its anonymous id's order side by side: a9's order of June 5th, sent while the link a9 -> c9 is open, waits for it and makes c9 new",
    async () => {
      const f = await metricFixture(tdb.db);
      await f.send([{ type: "order.placed", customerId: "c1", timestamp: on("2026-06-02"), properties: { orderId: "o1", total: 40 } }], NOW);
      const read = { keys: ["new_customers", "orders"], from: "2026-06-01", to: "2026-06-08" };
      const values = async () => (await readMetrics(tdb.db, f.org.id, read, NOW)).metrics.map((m) => m.value);
      expect(await values()).toEqual([1, 1]);
      await writesSideBySide(
        tdb.db,
        // The link a9 -> c9, written while a9 has no events yet, under the lock every link writer takes.
        async (tx) => {
          await lockAnonymousIds(tx, f.org.id, { exclusive: ["a9"], shared: [] });
          await tx.execute(sql`insert into identity_links (org_id, anonymous_id, customer_id, linked_at) values (${f.org.id}, 'a9', 'c9', ${on("2026-06-19")})`);
        },
        () => f.send([{ type: "order.placed", anonymousId: "a9", timestamp: on("2026-06-05"), properties: { orderId: "o2", total: 25 } }], NOW),
      );
      expect(await lastReach(f.org.id)).toBe("2026-06-05T10:00:00Z");
      expect(await values()).toEqual([2, 2]);
      expect(await readMetrics(tdb.db, f.org.id, read, NOW)).toEqual(await readMetrics(tdb.db, f.org.id, read, NOW, undefined, { cache: false }));
    },
  );

  it("a cancellation taking effect earlier, a rate, a deletion of a customer: anything; a change of traits or seen-times: nothing", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([{ type: "subscription.started", customerId: "c1", timestamp: on("2026-06-01"), properties: { subscriptionId: "s1", mrr: 20 } }], NOW);
    await f.send([{ type: "subscription.canceled", customerId: "c1", timestamp: on("2026-06-19"), properties: { subscriptionId: "s1", effectiveAt: on("2026-06-03") } }], NOW);
    expect(await lastReach(f.org.id)).toBe("-infinity");
    await f.send([{ type: "subscription.canceled", customerId: "c1", timestamp: on("2026-06-19"), properties: { subscriptionId: "s1" } }], NOW);
    expect(await lastReach(f.org.id)).toBe("2026-06-19T10:00:00Z");
    await tdb.db.execute(sql`update customers set traits = '{"country": "DE"}', last_seen_at = now() where org_id = ${f.org.id}`);
    expect(await lastReach(f.org.id)).toBe("infinity");
    await tdb.db.execute(sql`insert into exchange_rates (org_id, currency, effective_on, rate) values (${f.org.id}, 'USD', '2026-06-19', 0.9)`);
    expect(await lastReach(f.org.id)).toBe("-infinity");
    await f.send([{ type: "page.viewed", customerId: "c1", timestamp: on("2026-06-19"), properties: { path: "/" } }], NOW);
    await eraseCustomer(tdb.db, { userId: null, label: "reach test" }, f.org.id, "c1");
    expect(await lastReach(f.org.id)).toBe("-infinity");
  });

  it("the log keeps an organisation's last 100,000 changes: each commit drops the one that falls out", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([{ type: "page.viewed", customerId: "c1", timestamp: on("2026-06-10"), properties: { path: "/" } }], NOW);
    // As if 100,000 changes had been logged: versions 1 and 2 at the back of the log.
    await tdb.db.execute(sql`update metric_data_versions set version = 100000 where org_id = ${f.org.id}`);
    await tdb.db.execute(sql`insert into metric_data_changes (org_id, version, earliest_at, changed_at) values (${f.org.id}, 2, now(), now())`);
    await f.send([{ type: "page.viewed", customerId: "c1", timestamp: on("2026-06-11"), properties: { path: "/" } }], NOW);
    const versions = rowsOf<{ version: string }>(await tdb.db.execute(sql`select version from metric_data_changes where org_id = ${f.org.id} order by version`));
    expect(versions.map((v) => Number(v.version))).toEqual([2, 100001]);
  });

  it("a transaction of several writes reaches as far as the farthest of them; one that changes nothing logs nothing", async () => {
    const f = await metricFixture(tdb.db);
    await f.send(
      [
        { type: "page.viewed", customerId: "c1", timestamp: on("2026-06-12"), properties: { path: "/" } },
        { type: "order.placed", customerId: "c2", timestamp: on("2026-06-04"), properties: { orderId: "o2", total: 10 } },
        { type: "page.viewed", customerId: "c3", timestamp: on("2026-06-16"), properties: { path: "/" } },
      ],
      NOW,
    );
    expect(await lastReach(f.org.id)).toBe("2026-06-04T10:00:00Z");
    const count = async () => rowsOf<{ n: number }>(await tdb.db.execute(sql`select count(*)::int as n from metric_data_changes where org_id = ${f.org.id}`))[0]!.n;
    const before = await count();
    await tdb.db.execute(sql`delete from events where org_id = ${f.org.id} and type = 'no.such.type'`);
    expect(await count()).toBe(before);
  });
});

describe("answers kept across writes", () => {
  it("names a horizon for every metric but those that read without bound after the period", () => {
    // Sessions (a view with an old sessionId extends its session, however late), a checkout's furthest step and
    // variant (from views at any time), the two response-time medians (no window), cart recovery's segment (the
    // checkout's starter, started at any time) and WISMR (returns of orders cancelled at any time, with no order row).
    expect(listMetrics().filter((m) => !m.readsUntil).map((m) => m.key).sort()).toEqual([
      "bounce_rate", "cart_recovery_conversion_rate", "checkout_step_exits", "checkout_variant_abandonment", "conversion_rate",
      "deliverable_review_hours", "pages_per_session", "request_response_hours", "wismr_rate",
    ]);
  });

  async function shop() {
    const f = await metricFixture(tdb.db);
    await f.send(
      [
        { type: "order.placed", customerId: "c1", timestamp: on("2026-06-02"), properties: { orderId: "o1", total: 40 } },
        { type: "order.placed", anonymousId: "a9", timestamp: on("2026-06-05"), properties: { orderId: "o2", total: 25 } },
        // Started at 20:00 on the last day: its 24 h abandonment window runs to June 8th, 20:00.
        { type: "checkout.started", customerId: "c2", timestamp: "2026-06-07T20:00:00Z", properties: { checkoutId: "k1" } },
      ],
      NOW,
    );
    return f;
  }
  // The week of June 1st to 7th, read on the 20th: revenue and new customers read nothing from the 8th on,
  // checkout abandonment up to one abandonment window (24 h) past it.
  const READ = { keys: ["revenue", "new_customers", "checkout_abandonment_rate"], from: "2026-06-01", to: "2026-06-08", interval: "day" as const };
  const read = async (orgId: string) => {
    const statements: string[] = [];
    const result = await readMetrics(recording(tdb.db, statements), orgId, READ, NOW);
    const fresh = await readMetrics(tdb.db, orgId, READ, NOW, undefined, { cache: false });
    expect(result).toEqual(fresh);
    return { computed: computing(statements).length > 0, values: Object.fromEntries(result.metrics.map((m) => [m.key, m.value])) };
  };

  it("serves the whole read across a write after every horizon, and computes once a write reaches into the period", async () => {
    const f = await shop();
    expect(await read(f.org.id)).toEqual({ computed: true, values: { revenue: 65, new_customers: 1, checkout_abandonment_rate: 100 } });
    await f.send([{ type: "order.placed", customerId: "c3", timestamp: on("2026-06-12"), properties: { orderId: "o3", total: 99 } }], NOW);
    expect(await read(f.org.id)).toEqual({ computed: false, values: { revenue: 65, new_customers: 1, checkout_abandonment_rate: 100 } });
    // Served again after a second such write: the kept answers moved to the version they were served at.
    await f.send([{ type: "page.viewed", customerId: "c3", timestamp: on("2026-06-13"), properties: { path: "/" } }], NOW);
    expect((await read(f.org.id)).computed).toBe(false);
    await f.send([{ type: "order.placed", customerId: "c4", timestamp: on("2026-06-03"), properties: { orderId: "o4", total: 10 } }], NOW);
    expect(await read(f.org.id)).toEqual({ computed: true, values: { revenue: 75, new_customers: 2, checkout_abandonment_rate: 100 } });
  });

  it("computes again when a change since the answer has left the log (it keeps the last 100,000): it cannot tell how far it reached", async () => {
    const f = await shop();
    await read(f.org.id);
    await f.send([{ type: "page.viewed", customerId: "c3", timestamp: on("2026-06-12"), properties: { path: "/" } }], NOW);
    await f.send([{ type: "page.viewed", customerId: "c3", timestamp: on("2026-06-13"), properties: { path: "/" } }], NOW);
    await tdb.db.execute(sql`delete from metric_data_changes where org_id = ${f.org.id} and version = (select max(version) - 1 from metric_data_changes where org_id = ${f.org.id})`);
    expect((await read(f.org.id)).computed).toBe(true);
  });

  it("a keep for an older version leaves the answers of a newer one", async () => {
    const f = await shop();
    await f.send([{ type: "page.viewed", customerId: "c3", timestamp: on("2026-06-03"), properties: { path: "/" } }], NOW);
    await read(f.org.id);
    // A slow read that took its version before that write keeps its own answer now.
    await keepAnswers(tdb.db, f.org.id, 1, NOW, null, [{ fingerprint: "a slow read's question", answer: { key: "revenue" } as never, horizon: null }]);
    expect((await read(f.org.id)).computed).toBe(false);
  });

  it("does not move a kept answer past changes it was not checked against, when the row was replaced between the check and the move", async () => {
    const f = await shop();
    const version = async () => dataVersionOf(tdb.db, f.org.id);
    await read(f.org.id);
    const first = await version();
    // A change into the period, then the answers computed again, then a change past every horizon.
    await f.send([{ type: "order.placed", customerId: "c4", timestamp: on("2026-06-03"), properties: { orderId: "o4", total: 10 } }], NOW);
    await read(f.org.id);
    await f.send([{ type: "page.viewed", customerId: "c3", timestamp: on("2026-06-13"), properties: { path: "/" } }], NOW);
    // A read serves the answers kept before the last change; between its check and its move, the rows are
    // replaced by answers of the first version (as if aged out, then kept by a read that had taken that version).
    const kept = rowsOf<{ fingerprint: string; answer: MetricResult | string; horizon: string | null }>(
      await tdb.db.execute(sql`select fingerprint, answer, horizon::text from metric_answers where org_id = ${f.org.id}`),
    );
    const staleAnswers = kept.map((k) => ({ fingerprint: k.fingerprint, answer: { ...(typeof k.answer === "string" ? JSON.parse(k.answer) : k.answer), value: 999 }, horizon: k.horizon ? new Date(k.horizon) : null }));
    let replaced = false;
    const dialect = new PgDialect();
    const racing = new Proxy(tdb.db, {
      get(target, property, receiver) {
        if (property !== "execute") return Reflect.get(target, property, receiver);
        return async (query: SQL) => {
          const result = await target.execute(query);
          if (!replaced && dialect.sqlToQuery(query).sql.includes("select a.fingerprint, a.answer")) {
            replaced = true;
            await tdb.db.execute(sql`delete from metric_answers where org_id = ${f.org.id}`);
            await keepAnswers(tdb.db, f.org.id, first, NOW, null, staleAnswers);
          }
          return result;
        };
      },
    });
    const served = await readMetrics(racing, f.org.id, READ, NOW);
    expect(replaced).toBe(true);
    expect(served.metrics.map((m) => m.value)).toEqual([75, 2, 100]);
    // The replaced rows stay at the first version, and are checked against the change into the period: computed.
    const versions = rowsOf<{ data_version: string }>(await tdb.db.execute(sql`select data_version from metric_answers where org_id = ${f.org.id}`));
    expect(versions.map((v) => Number(v.data_version))).toEqual(versions.map(() => first));
    expect(await read(f.org.id)).toEqual({ computed: true, values: { revenue: 75, new_customers: 2, checkout_abandonment_rate: 100 } });
    expect(await version()).toBe(first + 2);
  });

  it("computes a metric whose window a write reaches into, and serves the others: k1 completed on June 8th", async () => {
    const f = await shop();
    const first: string[] = [];
    await readMetrics(recording(tdb.db, first), f.org.id, READ, NOW);
    const statements: string[] = [];
    await f.send([{ type: "checkout.completed", customerId: "c2", timestamp: "2026-06-08T09:00:00Z", properties: { checkoutId: "k1" } }], NOW);
    const result = await readMetrics(recording(tdb.db, statements), f.org.id, READ, NOW);
    expect(result).toEqual(await readMetrics(tdb.db, f.org.id, READ, NOW, undefined, { cache: false }));
    expect(result.metrics.map((m) => m.value)).toEqual([65, 1, 0]);
    // Only abandonment was computed: fewer statements than the first read, none of revenue's refunds.
    expect(computing(statements).length).toBeGreaterThan(0);
    expect(computing(statements).length).toBeLessThan(computing(first).length);
    expect(computing(statements).some((s) => s.includes("refunded_at"))).toBe(false);
    expect(computing(first).some((s) => s.includes("refunded_at"))).toBe(true);
  });

  it("computes after writes sent later about the period: a link to a guest who ordered in it, a cancellation, a refund", async () => {
    const f = await shop();
    await read(f.org.id);
    // a9's order of June 5th becomes c9's first: one more new customer.
    await f.send([{ type: "customer.identified", customerId: "c9", anonymousId: "a9", timestamp: on("2026-06-19"), properties: { traits: {} } }], NOW);
    expect(await read(f.org.id)).toMatchObject({ computed: true, values: { revenue: 65, new_customers: 2 } });
    await f.send([{ type: "order.canceled", customerId: "c1", timestamp: on("2026-06-19"), properties: { orderId: "o1" } }], NOW);
    expect(await read(f.org.id)).toMatchObject({ computed: true, values: { revenue: 25, new_customers: 1 } });
    await f.send([{ type: "order.refunded", customerId: "c9", timestamp: on("2026-06-06"), properties: { orderId: "o2", amount: 5 } }], NOW);
    expect(await read(f.org.id)).toMatchObject({ computed: true, values: { revenue: 20 } });
  });
});
