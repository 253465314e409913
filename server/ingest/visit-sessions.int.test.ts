import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db";
import { whileWriteIsOpen } from "@/db/testing/open-write";
import { createTestDatabase, testEngine, type TestDatabase } from "@/db/testing/test-database";
import { eraseCustomer } from "@/server/services/customer-privacy";
import { FIXTURE_NOW, metricFixture, on } from "@/server/metrics/testing/fixture";
import { ingestEvents } from "./store";
import { rebuildStaleVisitSessions, refreshVisitSessions } from "./visit-sessions";

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

const MARCH = ["2026-03-01", "2026-04-01"] as const;
const sessions = async () => {
  await refreshVisitSessions(tdb.db, f.org.id);
  return rowsOf<{ session_key: string; actor: string; views: number; converted: boolean }>(
    await tdb.db.execute(sql`select session_key, actor, views, converted from visit_sessions where org_id = ${f.org.id} order by session_key`),
  );
};
const pending = async () =>
  rowsOf<{ kind: string; key: string }>(await tdb.db.execute(sql`select kind, key from visit_session_dirty where org_id = ${f.org.id} order by kind, key`));
const view = (who: Record<string, string>, time: string, sessionId?: string) => ({
  type: "page.viewed",
  ...who,
  timestamp: on("2026-03-10", time),
  ...(sessionId ? { sessionId } : {}),
});
const order = (who: Record<string, string>, time: string, orderId: string) => ({
  type: "order.placed",
  ...who,
  timestamp: on("2026-03-10", time),
  properties: { orderId, total: 10 },
});

describe("visit sessions rollup", () => {
  it("ingest only names what it touched; the next read builds the sessions and empties the list", async () => {
    await f.send([view({ customerId: "c1" }, "10:00:00", "x1"), view({ anonymousId: "a1" }, "10:05:00"), { type: "portal.login", customerId: "c9", timestamp: on("2026-03-10") }]);
    // The login is no view: c9 is not named. The anonymous view names its id, the sessionId is named too.
    expect(await pending()).toEqual([
      { kind: "a", key: "a1" },
      { kind: "c", key: "c1" },
      { kind: "s", key: "x1" },
    ]);
    expect(await sessions()).toEqual([
      { session_key: "a\u0001a1#1", actor: "\u0001a1", views: 1, converted: false },
      { session_key: "sx1", actor: "c1", views: 1, converted: false },
    ]);
    expect(await pending()).toEqual([]);
  });

  it("a late earlier view of another actor takes over a shared sessionId; the first owner's order then converts nothing", async () => {
    // c1 views x1 at 10:10 and orders at 10:20: 1 session, converted.
    await f.send([view({ customerId: "c1" }, "10:10:00", "x1"), order({ customerId: "c1" }, "10:20:00", "o1")]);
    expect(await sessions()).toEqual([{ session_key: "sx1", actor: "c1", views: 1, converted: true }]);
    // c2's view of x1 at 10:00 arrives late: x1 is c2's now (first view), 2 views, and c1 owns no
    // session for its order to convert. Ingest named c2 and x1; x1 brings c1, its stored owner.
    await f.send([view({ customerId: "c2" }, "10:00:00", "x1")]);
    expect(await sessions()).toEqual([{ session_key: "sx1", actor: "c2", views: 2, converted: false }]);
    expect(await f.measure("conversion_rate", ...MARCH)).toMatchObject({ value: 0, breakdown: { sessions: 1, views: 2, bounced: 0, converted: 0 } });
  });

  it("a cancellation after a read un-converts the session its order had converted", async () => {
    await f.send([view({ customerId: "c1" }, "10:00:00"), order({ customerId: "c1" }, "10:10:00", "o1")]);
    expect(await f.measure("conversion_rate", ...MARCH)).toMatchObject({ value: 100 });
    await f.send([{ type: "order.canceled", customerId: "c1", timestamp: on("2026-03-11"), properties: { orderId: "o1" } }]);
    expect(await f.measure("conversion_rate", ...MARCH)).toMatchObject({ value: 0, breakdown: { sessions: 1, converted: 0 } });
  });

  it("an identity link moves an anonymous visitor's sessions to the customer, whose order then converts them", async () => {
    // a1 browses at 10:00 and 10:20 (one session), c1 orders at 10:30: different actors, no conversion.
    await f.send([view({ anonymousId: "a1" }, "10:00:00"), view({ anonymousId: "a1" }, "10:20:00"), order({ customerId: "c1" }, "10:30:00", "o1")]);
    expect(await sessions()).toEqual([{ session_key: "a\u0001a1#1", actor: "\u0001a1", views: 2, converted: false }]);
    await f.send([{ type: "customer.identified", customerId: "c1", anonymousId: "a1", timestamp: on("2026-03-10", "10:25:00"), properties: { traits: {} } }]);
    expect(await sessions()).toEqual([{ session_key: "ac1#1", actor: "c1", views: 2, converted: true }]);
  });

  it("erasing a customer removes their sessions and their views from the sessions they shared", async () => {
    await f.send([view({ customerId: "c1" }, "10:00:00", "x1"), view({ customerId: "c2" }, "10:05:00", "x1"), view({ customerId: "c1" }, "11:00:00")]);
    expect(await sessions()).toEqual([
      { session_key: "ac1#1", actor: "c1", views: 1, converted: false },
      { session_key: "sx1", actor: "c1", views: 2, converted: false },
    ]);
    await eraseCustomer(tdb.db, { userId: null, label: "test" }, f.org.id, "c1");
    expect(await sessions()).toEqual([{ session_key: "sx1", actor: "c2", views: 1, converted: false }]);
  });

  // Two connections: PostgreSQL only (the embedded database has one, so writes and reads never overlap).
  it.skipIf(testEngine() === "pglite")(
    "a read while a batch naming an already named customer is still open neither waits for it nor loses the name: the next read sees the view",
    async () => {
      await f.send([view({ customerId: "c1" }, "10:00:00")]);
      await whileWriteIsOpen(
        tdb.db,
        (tx) => ingestEvents(tx, f.org, [view({ customerId: "c1" }, "10:10:00")], { now: FIXTURE_NOW }),
        () => refreshVisitSessions(tdb.db, f.org.id),
      );
      expect(await pending()).toEqual([{ kind: "c", key: "c1" }]);
      expect(await sessions()).toEqual([{ session_key: "ac1#1", actor: "c1", views: 2, converted: false }]);
    },
  );

  it("builds the sessions of an organisation whose data predates them, once; until then metrics read raw events", async () => {
    await f.send([view({ customerId: "c1" }, "10:00:00"), view({ customerId: "c1" }, "10:10:00")]);
    await tdb.db.execute(sql`delete from visit_sessions`);
    await tdb.db.execute(sql`delete from visit_session_dirty`);
    await tdb.db.execute(sql`update organizations set visit_sessions_stale = true where id = ${f.org.id}`);
    expect(await f.measure("pages_per_session", ...MARCH)).toMatchObject({ value: 2 });
    expect(await rebuildStaleVisitSessions(tdb.db)).toBe(1);
    expect(await sessions()).toEqual([{ session_key: "ac1#1", actor: "c1", views: 2, converted: false }]);
    expect(await rebuildStaleVisitSessions(tdb.db)).toBe(0);
  });
});
