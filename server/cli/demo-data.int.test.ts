import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLogs, customers, events, identityLinks, orderCancellations, orders, surveyResponses } from "@/db/schema";
import { rowsOf } from "@/db";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganization } from "@/db/testing/factories";
import { generateDemoEvents, type DemoEvent } from "@/server/demo/generate";
import { ingestEvents } from "@/server/ingest/store";
import { loadDemoData, type DemoLoadProgress } from "./demo-seed";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const NOW = new Date("2026-05-01T12:00:00Z");
const SMALL = { seed: 3, customers: 200, now: NOW };

async function generated(options: typeof SMALL): Promise<DemoEvent[]> {
  const all: DemoEvent[] = [];
  for await (const batch of generateDemoEvents(options)) all.push(...batch);
  return all;
}

const count = (table: typeof events | typeof orders | typeof surveyResponses | typeof orderCancellations, orgId: string) => tdb.db.$count(table, eq(table.orgId, orgId));

describe("loadDemoData", () => {
  it("stores every generated event through ingest, with the orders, surveys and identities they make", async () => {
    const org = await insertOrganization(tdb.db, { currency: "EUR" });
    const expected = await generated(SMALL);
    const progress: DemoLoadProgress[] = [];
    const result = await loadDemoData(tdb.db, org.id, SMALL, (p) => progress.push(p));

    expect(result).toMatchObject({ status: "loaded", resumed: false, seed: 3, customers: 200, now: NOW.toISOString(), currency: "EUR" });
    if (result.status !== "loaded") return;
    expect(result).toMatchObject({ events: expected.length, accepted: expected.length, duplicates: 0, rejected: 0, rejections: [] });
    expect(await count(events, org.id)).toBe(result.accepted);
    const typeOf = (type: string) => expected.filter((e) => e.type === type);
    expect(await count(orders, org.id)).toBe(typeOf("order.placed").length);
    expect(await count(surveyResponses, org.id)).toBe(typeOf("survey.responded").length);
    expect(await count(orderCancellations, org.id)).toBe(typeOf("order.canceled").length);
    const [sources] = rowsOf<{ sources: string[] }>(await tdb.db.execute(sql`select array_agg(distinct source) as sources from events where org_id = ${org.id}`));
    expect(sources!.sources).toEqual(["demo"]);

    // Anonymous browsing was stitched to customers, and traits were kept.
    const linked = await tdb.db.$count(identityLinks, eq(identityLinks.orgId, org.id));
    expect(linked).toBeGreaterThanOrEqual(new Set(expected.filter((e) => e.customerId && e.anonymousId).map((e) => e.anonymousId)).size);
    const [someone] = await tdb.db.select().from(customers).where(and(eq(customers.orgId, org.id), eq(customers.customerId, "cus_0000001")));
    expect(someone?.traits).toMatchObject({ email: expect.stringContaining("@"), country: expect.any(String) });
    // Refunds landed on their orders.
    const [refunded] = rowsOf<{ n: number | string }>(await tdb.db.execute(sql`select count(*) as n from orders where org_id = ${org.id} and refunded_minor > 0`));
    expect(Number(refunded!.n)).toBeGreaterThan(0);
    // UK and US customers pay in GBP and USD: the demo's exchange rates convert every one of their orders.
    const [foreign] = rowsOf<{ n: number | string }>(
      await tdb.db.execute(sql`select count(*) as n from orders o where o.org_id = ${org.id} and o.currency <> 'EUR'
        and not exists (select 1 from exchange_rates r where r.org_id = o.org_id and r.currency = o.currency)`),
    );
    expect(Number(foreign!.n)).toBe(0);
    // The visit sessions were built at the end of the load: nothing is left for the first read.
    const [sessions] = rowsOf<{ n: number | string; pending: number | string }>(
      await tdb.db.execute(sql`select (select count(*) from visit_sessions where org_id = ${org.id}) as n,
                                      (select count(*) from visit_session_dirty where org_id = ${org.id}) as pending`),
    );
    expect(Number(sessions!.n)).toBeGreaterThan(0);
    expect(Number(sessions!.pending)).toBe(0);
    expect(await tdb.db.$count(orders, and(eq(orders.orgId, org.id), sql`${orders.currency} <> 'EUR'`))).toBeGreaterThan(0);

    expect(progress.at(-1)).toMatchObject({ customersDone: 200, customers: 200, events: expected.length });
    expect(progress.every((p, i) => i === 0 || p.events > progress[i - 1]!.events)).toBe(true);
    const audit = await tdb.db.select({ action: auditLogs.action, after: auditLogs.after }).from(auditLogs).where(eq(auditLogs.orgId, org.id)).orderBy(auditLogs.id);
    expect(audit.map((a) => a.action)).toEqual(["demo.data_load_started", "demo.data_loaded"]);
    expect(audit[1]!.after).toMatchObject({ seed: 3, customers: 200, accepted: expected.length });
  }, 120_000);

  it("loads on the first start only: a second start is skipped", async () => {
    const org = await insertOrganization(tdb.db);
    const first = await loadDemoData(tdb.db, org.id, { seed: 1, customers: 40, now: NOW, firstStartOnly: true });
    expect(first.status).toBe("loaded");
    const stored = await count(events, org.id);

    const second = await loadDemoData(tdb.db, org.id, { seed: 1, customers: 40, now: new Date("2026-05-02T12:00:00Z"), firstStartOnly: true });
    expect(second).toEqual({ status: "skipped", reason: "The demo data is already loaded." });
    expect(await count(events, org.id)).toBe(stored);
  }, 60_000);

  it("does not add demo data to an organisation that already has events of its own", async () => {
    const org = await insertOrganization(tdb.db);
    await ingestEvents(tdb.db, { id: org.id, currency: "EUR" }, [{ type: "page.viewed", anonymousId: "a1" }]);
    const result = await loadDemoData(tdb.db, org.id, { seed: 1, customers: 5, now: NOW, firstStartOnly: true });
    expect(result).toEqual({ status: "skipped", reason: expect.stringContaining("already has events") });
    expect(await count(events, org.id)).toBe(1);
  });

  it("finishes an interrupted first load with its original settings, storing nothing twice", async () => {
    const org = await insertOrganization(tdb.db);
    const options = { seed: 8, customers: 60, now: NOW, firstStartOnly: true };
    const expected = await generated(options);
    let batches = 0;
    await expect(
      loadDemoData(tdb.db, org.id, options, () => {
        if (++batches === 3) throw new Error("Ctrl+C");
      }),
    ).rejects.toThrow("Ctrl+C");
    const partial = await count(events, org.id);
    expect(partial).toBe(1500);

    // The next start runs at another time: the load still completes the original data set.
    const result = await loadDemoData(tdb.db, org.id, { ...options, seed: 99, now: new Date("2026-06-01T00:00:00Z") });
    expect(result).toMatchObject({ status: "loaded", resumed: true, seed: 8, now: NOW.toISOString(), accepted: expected.length - partial, duplicates: partial, rejected: 0 });
    expect(await count(events, org.id)).toBe(expected.length);
    expect(await count(orders, org.id)).toBe(expected.filter((e) => e.type === "order.placed").length);
  }, 60_000);

  it("is idempotent outside the first start too: the same seed, size and now store nothing new", async () => {
    const org = await insertOrganization(tdb.db);
    const options = { seed: 2, customers: 15, now: NOW };
    const first = await loadDemoData(tdb.db, org.id, options);
    const again = await loadDemoData(tdb.db, org.id, options);
    if (first.status !== "loaded" || again.status !== "loaded") throw new Error("expected two loads");
    expect(again).toMatchObject({ accepted: 0, duplicates: first.accepted });
    expect(await count(events, org.id)).toBe(first.accepted);
  }, 60_000);

  it("prices in the organisation's currency when the demo has a price list for it, else in EUR", async () => {
    const gbp = await insertOrganization(tdb.db, { currency: "GBP" });
    const huf = await insertOrganization(tdb.db, { currency: "HUF" });
    expect(await loadDemoData(tdb.db, gbp.id, { seed: 1, customers: 10, now: NOW })).toMatchObject({ currency: "GBP" });
    expect(await loadDemoData(tdb.db, huf.id, { seed: 1, customers: 10, now: NOW })).toMatchObject({ currency: "EUR" });
    const currencies = await tdb.db.selectDistinct({ currency: orders.currency }).from(orders).where(eq(orders.orgId, gbp.id));
    expect(currencies.map((c) => c.currency)).toContain("GBP");
  }, 60_000);

  it("refuses a missing organisation and a future now", async () => {
    await expect(loadDemoData(tdb.db, "00000000-0000-0000-0000-000000000000", SMALL)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const org = await insertOrganization(tdb.db);
    await expect(loadDemoData(tdb.db, org.id, { ...SMALL, now: new Date(Date.now() + 3_600_000) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await count(events, org.id)).toBe(0);
  });
});
