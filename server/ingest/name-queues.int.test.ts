import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { metricFixture } from "@/server/metrics/testing/fixture";
import { refreshCheckoutSummaries } from "./checkout-summaries";
import { refreshVisitSessions } from "./visit-sessions";

// The queues of names are vacuumed by the process that empties them (name-queues.ts): with no autovacuum
// (PGlite, or a server run without it) their dead rows otherwise stay, and every read's "is a name pending?"
// walks them. A vacuum of a queue whose rows are all dead truncates it to no pages at all.
let tdb: TestDatabase;
let f: Awaited<ReturnType<typeof metricFixture>>;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  f = await metricFixture(tdb.db);
});

const pages = async (table: string) =>
  Number(rowsOf<{ size: string | number }>(await tdb.db.execute(sql`select pg_relation_size(${table}) / current_setting('block_size')::int as size`))[0]!.size);

describe("queues of names", () => {
  it("a read that takes 20,001 visit-session names (a bulk load's) vacuums the queue: 0 pages left, where the dead names filled some", async () => {
    await tdb.db.execute(sql`insert into visit_session_dirty (org_id, kind, key) select ${f.org.id}::uuid, 'c', 'c' || g from generate_series(1, 20001) g`);
    expect(await pages("visit_session_dirty")).toBeGreaterThan(0);
    expect(await refreshVisitSessions(tdb.db, f.org.id)).toBe(true);
    expect(await pages("visit_session_dirty")).toBe(0);
  });

  it("reads that take fewer names than that leave the vacuum to autovacuum: the dead names' pages stay", async () => {
    await tdb.db.execute(sql`insert into visit_session_dirty (org_id, kind, key) select ${f.org.id}::uuid, 'c', 'c' || g from generate_series(1, 500) g`);
    expect(await refreshVisitSessions(tdb.db, f.org.id)).toBe(true);
    expect(await pages("visit_session_dirty")).toBeGreaterThan(0);
  });

  it("a read that takes 20,001 checkout names vacuums the checkout queue: 0 pages left", async () => {
    await tdb.db.execute(sql`insert into checkout_summary_dirty (org_id, checkout_id) select ${f.org.id}::uuid, 'k' || g from generate_series(1, 20001) g`);
    expect(await pages("checkout_summary_dirty")).toBeGreaterThan(0);
    expect(await refreshCheckoutSummaries(tdb.db, f.org.id)).toBe(true);
    expect(await pages("checkout_summary_dirty")).toBe(0);
  });
});
