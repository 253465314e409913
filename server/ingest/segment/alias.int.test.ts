import { readFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { events, organizations } from "@/db/schema";
import { rebuildStaleActivityDays } from "@/server/ingest/activity-days";
import { mapSegmentMessage } from "@/server/ingest/segment/map";
import { metricFixture, on } from "@/server/metrics/testing/fixture";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";

/**
 * A Segment alias was once stored as the custom event segment.alias, and custom events are customer
 * activity (metrics.md), so the alias made its customer active on its day. Migration 0017 turns those
 * events into what alias is now mapped to (customer.identified with no traits) and has the activity
 * days rebuilt. One customer, c_1: an anonymous page view on 2 March, the alias on 5 March.
 */
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
beforeEach(async () => tdb.truncate());
afterAll(async () => tdb.close());

const migration0017 = readFileSync(join(process.cwd(), "drizzle/0017_alias_is_identity.sql"), "utf8").split("--> statement-breakpoint");
const dauOn = (f: Awaited<ReturnType<typeof metricFixture>>, day: string, next: string) => f.measure("dau", day, next).then((r) => r.value);

describe("a Segment alias is not something the customer did", () => {
  it("alias through the Segment mapping: dau 0 on the alias day (5 March), 1 on 2 March (the linked anonymous view)", async () => {
    const f = await metricFixture(tdb.db);
    const mapped = mapSegmentMessage("alias", { previousId: "a_1", userId: "c_1", messageId: "m_alias", timestamp: on("2026-03-05") }, { mappings: new Map(), receivedAt: new Date(on("2026-03-05")) });
    if (!mapped.ok) throw new Error(mapped.message);
    await f.send([{ id: "m_view", type: "page.viewed", anonymousId: "a_1", timestamp: on("2026-03-02") }, ...mapped.events]);
    expect(await dauOn(f, "2026-03-05", "2026-03-06")).toBe(0);
    expect(await dauOn(f, "2026-03-02", "2026-03-03")).toBe(1);
  });

  it("migration 0017 turns a stored segment.alias into customer.identified, flags the activity days stale, and dau on 5 March goes from 1 to 0", async () => {
    const f = await metricFixture(tdb.db);
    const quiet = await metricFixture(tdb.db);
    await f.send([
      { id: "m_view", type: "page.viewed", anonymousId: "a_1", timestamp: on("2026-03-02") },
      { id: "m_alias", type: "segment.alias", customerId: "c_1", anonymousId: "a_1", timestamp: on("2026-03-05"), properties: { previousId: "a_1" } },
    ]);
    expect(await dauOn(f, "2026-03-05", "2026-03-06")).toBe(1);

    for (const statement of migration0017) await tdb.db.execute(sql.raw(statement));

    const [stored] = await tdb.db.select().from(events).where(and(eq(events.orgId, f.org.id), eq(events.messageId, "m_alias")));
    expect(stored).toMatchObject({ type: "customer.identified", custom: false, customerId: "c_1", anonymousId: "a_1", properties: { traits: {}, previousId: "a_1" } });
    const stale = await tdb.db.select({ id: organizations.id, stale: organizations.activityDaysStale }).from(organizations);
    expect(Object.fromEntries(stale.map((o) => [o.id, o.stale]))).toEqual({ [f.org.id]: true, [quiet.org.id]: false });
    expect(await dauOn(f, "2026-03-05", "2026-03-06")).toBe(0);

    await rebuildStaleActivityDays(tdb.db);
    expect(await dauOn(f, "2026-03-05", "2026-03-06")).toBe(0);
    expect(await dauOn(f, "2026-03-02", "2026-03-03")).toBe(1);
  });
});
