import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db";
import { createTestDatabase, testEngine, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganization } from "@/db/testing/factories";
import { eraseCustomer } from "@/server/services/customer-privacy";
import { updateOrganization, type Organization } from "@/server/services/organizations";
import { rebuildActivityDays, rebuildStaleActivityDays } from "./activity-days";
import { ingestEvents, type IngestOrganization } from "./store";

let tdb: TestDatabase;
let org: IngestOrganization;
let orgRow: Organization;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  const row = await insertOrganization(tdb.db, { currency: "EUR" });
  orgRow = row;
  org = { id: row.id, currency: row.currency };
});

const ingest = async (batch: unknown[]) => {
  const result = await ingestEvents(tdb.db, org, batch);
  expect(result.rejected).toEqual([]);
};
const days = async () =>
  rowsOf<{ day: string; customer: string; initiated: number; sustainability: number; lifecycle: number }>(
    await tdb.db.execute(sql`select day::text as day, customer_id as customer, initiated, sustainability, lifecycle
                             from customer_activity_days where org_id = ${org.id} order by day, customer_id`),
  );
const actor = { userId: null, label: "activity days test" };

describe("customer activity days", () => {
  it("counts a day's customer-initiated events, sustainability interactions and lifecycle events; a merchant-sent event alone makes no row", async () => {
    await ingest([
      { type: "page.viewed", customerId: "c1", timestamp: "2026-03-01T09:00:00Z" },
      { type: "dpp.viewed", customerId: "c1", timestamp: "2026-03-01T10:00:00Z", properties: { productId: "p1", context: "post_purchase" } },
      { type: "repair.requested", customerId: "c1", timestamp: "2026-03-01T11:00:00Z", properties: { productId: "p1" } },
      { type: "repair.completed", customerId: "c1", timestamp: "2026-03-02T11:00:00Z", properties: { productId: "p1" } },
      { type: "order.shipped", customerId: "c2", timestamp: "2026-03-01T11:00:00Z", properties: { orderId: "o9" } },
    ]);
    // page + dpp + repair = 3 initiated; dpp + repair = 2 sustainability; repair = 1 lifecycle.
    // repair.completed is sent by the merchant: sustainability only. order.shipped counts in nothing.
    expect(await days()).toEqual([
      { day: "2026-03-01", customer: "c1", initiated: 3, sustainability: 2, lifecycle: 1 },
      { day: "2026-03-02", customer: "c1", initiated: 0, sustainability: 1, lifecycle: 0 },
    ]);
  });

  it("keeps the repairs, referrals and content of a day: the types and topics as bits (newsletter 1, video 4; sustainability 1, care 2), by addition and by recomputation", async () => {
    const classes = async () =>
      rowsOf<Record<string, unknown>>(
        await tdb.db.execute(sql`select day::text as day, customer_id as customer, repair, referral, content, content_types, content_topics, initiated
                                 from customer_activity_days where org_id = ${org.id} order by day, customer_id`),
      );
    await ingest([
      { type: "maintenance.booked", customerId: "c1", timestamp: "2026-03-01T08:00:00Z", properties: { productId: "p1" } },
      { type: "content.engaged", customerId: "c1", timestamp: "2026-03-01T09:00:00Z", properties: { contentType: "newsletter" } },
      { type: "content.engaged", anonymousId: "a1", timestamp: "2026-03-01T10:00:00Z", properties: { contentType: "video", topic: "care" } },
      // Sent for the referrer: a day of its own although referral.converted is neither initiated nor sustainability.
      { type: "referral.converted", customerId: "c2", timestamp: "2026-03-03T10:00:00Z", properties: { referredCustomerId: "c9" } },
    ]);
    expect(await classes()).toEqual([
      { day: "2026-03-01", customer: "c1", repair: 1, referral: 0, content: 1, content_types: 1, content_topics: 0, initiated: 2 },
      { day: "2026-03-03", customer: "c2", repair: 0, referral: 1, content: 0, content_types: 0, content_topics: 0, initiated: 0 },
    ]);
    // Added to the day: a second newsletter adds a count but no bit; a sustainability video sets video and sustainability.
    await ingest([
      { type: "content.engaged", customerId: "c1", timestamp: "2026-03-01T11:00:00Z", properties: { contentType: "newsletter" } },
      { type: "content.engaged", customerId: "c1", timestamp: "2026-03-01T12:00:00Z", properties: { contentType: "video", topic: "sustainability" } },
    ]);
    expect((await classes())[0]).toMatchObject({ content: 3, content_types: 1 | 4, content_topics: 1 });
    // Linking a1 to c1 recomputes 1 March from the events: a1's care video joins (topics 1 | 2).
    await ingest([{ type: "customer.identified", anonymousId: "a1", customerId: "c1", timestamp: "2026-03-02T09:00:00Z", properties: { traits: {} } }]);
    expect((await classes())[0]).toMatchObject({ day: "2026-03-01", customer: "c1", repair: 1, content: 4, content_types: 1 | 4, content_topics: 1 | 2 });
  });

  it("moves an anonymous id's earlier days to the customer it is linked to, and again when an earlier link wins", async () => {
    await ingest([{ type: "page.viewed", anonymousId: "a1", timestamp: "2026-03-01T09:00:00Z" }]);
    expect(await days()).toEqual([]);
    await ingest([{ type: "page.viewed", anonymousId: "a1", customerId: "c2", timestamp: "2026-03-05T09:00:00Z" }]);
    expect((await days()).map((d) => `${d.day} ${d.customer} ${d.initiated}`)).toEqual(["2026-03-01 c2 1", "2026-03-05 c2 1"]);
    // An older claim from c1 takes a1 over: its anonymous view of 1 March moves to c1; c2 keeps its own event.
    await ingest([{ type: "customer.identified", anonymousId: "a1", customerId: "c1", timestamp: "2026-02-20T09:00:00Z", properties: { traits: {} } }]);
    expect((await days()).map((d) => `${d.day} ${d.customer} ${d.initiated}`)).toEqual(["2026-03-01 c1 1", "2026-03-05 c2 1"]);
  });

  it("counts a batch's anonymous event once when the same batch links its anonymous id: 2 views of c1 on 1 March", async () => {
    await ingest([
      { type: "page.viewed", anonymousId: "a1", timestamp: "2026-03-01T09:00:00Z" },
      { type: "page.viewed", anonymousId: "a1", customerId: "c1", timestamp: "2026-03-01T09:05:00Z" },
    ]);
    expect(await days()).toEqual([{ day: "2026-03-01", customer: "c1", initiated: 2, sustainability: 0, lifecycle: 0 }]);
  });


  it("links an anonymous id whose views span an earlier batch and the linking one: 1 March 1 + 1 = 2 (recomputed), 2 March 1 + 1 = 2 (added)", async () => {
    await ingest([{ type: "page.viewed", anonymousId: "a1", timestamp: "2026-03-01T09:00:00Z" }]);
    await ingest([
      { type: "page.viewed", anonymousId: "a1", timestamp: "2026-03-01T10:00:00Z" },
      { type: "page.viewed", anonymousId: "a1", timestamp: "2026-03-02T10:00:00Z" },
      { type: "page.viewed", anonymousId: "a1", customerId: "c1", timestamp: "2026-03-02T11:00:00Z" },
    ]);
    expect((await days()).map((d) => `${d.day} ${d.customer} ${d.initiated}`)).toEqual(["2026-03-01 c1 2", "2026-03-02 c1 2"]);
  });
  // Two connections: PostgreSQL only. `first` runs in a transaction held open while `second` starts on
  // another connection; then `first` commits and both finish. The days must equal a rebuild from the events.
  async function sideBySide(first: unknown[], second: unknown[]) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let signalStored!: () => void;
    const stored = new Promise<void>((resolve) => (signalStored = resolve));
    const firstBatch = tdb.db.transaction(async (tx) => {
      await ingestEvents(tx, org, first);
      signalStored();
      await held;
    });
    await stored;
    const secondBatch = ingestEvents(tdb.db, org, second);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await firstBatch;
    expect((await secondBatch).accepted).toBe(second.length);
    const kept = await days();
    await tdb.db.transaction((tx) => rebuildActivityDays(tx, org.id));
    expect(kept).toEqual(await days());
    return kept;
  }

  it.runIf(testEngine() === "postgres")("an unlinked anonymous view stored beside the batch that links its id: c1's 9 March counts it (the link waits for the view)", async () => {
    const kept = await sideBySide(
      [{ type: "page.viewed", anonymousId: "a3", timestamp: "2026-03-09T08:00:00Z" }],
      [{ type: "page.viewed", anonymousId: "a3", customerId: "c1", timestamp: "2026-03-10T09:00:00Z" }],
    );
    expect(kept.map((d) => `${d.day} ${d.customer} ${d.initiated}`)).toEqual(["2026-03-09 c1 1", "2026-03-10 c1 1"]);
  });

  it.runIf(testEngine() === "postgres")("a link stored beside a batch with an anonymous view of its id: c1's 9 March counts it (the view waits for the link)", async () => {
    const kept = await sideBySide(
      [{ type: "page.viewed", anonymousId: "a3", customerId: "c1", timestamp: "2026-03-10T09:00:00Z" }],
      [{ type: "page.viewed", anonymousId: "a3", timestamp: "2026-03-09T08:00:00Z" }],
    );
    expect(kept.map((d) => `${d.day} ${d.customer} ${d.initiated}`)).toEqual(["2026-03-09 c1 1", "2026-03-10 c1 1"]);
  });

  // Two connections: PostgreSQL only (the embedded database runs one transaction at a time).
  it.runIf(testEngine() === "postgres")(
    "a relink's recomputation waits for another batch's uncommitted addition to the same day: no key error, c1's 9 March counts both views",
    async () => {
      // a2 is c1's already; a1 is nobody's yet and viewed on 9 March.
      await ingest([{ type: "page.viewed", anonymousId: "a2", customerId: "c1", timestamp: "2026-03-05T08:00:00Z" }]);
      await ingest([{ type: "page.viewed", anonymousId: "a1", timestamp: "2026-03-09T08:00:00Z" }]);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let signalAdded!: () => void;
      const added = new Promise<void>((resolve) => (signalAdded = resolve));
      // Batch 2 adds a2's (so c1's) view of 9 March, a new row, without touching c1's customer row,
      // and stays uncommitted until released.
      const batch2 = tdb.db.transaction(async (tx) => {
        await ingestEvents(tx, org, [{ type: "page.viewed", anonymousId: "a2", timestamp: "2026-03-09T10:00:00Z" }]);
        signalAdded();
        await held;
      });
      await added;
      // Batch 1 links a1 to c1, so c1's 9 March is recomputed (a1's earlier view moves to c1).
      const batch1 = ingestEvents(tdb.db, org, [{ type: "page.viewed", anonymousId: "a1", customerId: "c1", timestamp: "2026-03-10T09:00:00Z" }]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await batch2;
      expect((await batch1).accepted).toBe(1);
      expect((await days()).map((d) => `${d.day} ${d.customer} ${d.initiated}`)).toEqual(["2026-03-05 c1 1", "2026-03-09 c1 2", "2026-03-10 c1 1"]);
    },
  );

  it("stops counting an order.placed when its order is cancelled later, on the day it was placed", async () => {
    await ingest([{ type: "order.placed", customerId: "c1", timestamp: "2026-03-01T09:00:00Z", properties: { orderId: "o1", total: 10 } }]);
    expect((await days()).map((d) => d.initiated)).toEqual([1]);
    await ingest([{ type: "order.canceled", customerId: "c1", timestamp: "2026-03-04T09:00:00Z", properties: { orderId: "o1" } }]);
    expect(await days()).toEqual([]);
  });

  it("forgets an erased customer's days", async () => {
    await ingest([
      { type: "page.viewed", customerId: "c1", timestamp: "2026-03-01T09:00:00Z" },
      { type: "page.viewed", customerId: "c2", timestamp: "2026-03-01T09:00:00Z" },
    ]);
    await eraseCustomer(tdb.db, actor, org.id, "c1");
    expect((await days()).map((d) => d.customer)).toEqual(["c2"]);
  });

  it("cuts days in the organisation's zone and cuts them again when the zone changes", async () => {
    // 23:30 UTC on 1 March is 2 March in Berlin.
    await ingest([{ type: "page.viewed", customerId: "c1", timestamp: "2026-03-01T23:30:00Z" }]);
    expect((await days()).map((d) => d.day)).toEqual(["2026-03-01"]);
    await updateOrganization(tdb.db, actor, orgRow, { name: orgRow.name, currency: "EUR", timeZone: "Europe/Berlin", industry: "ecommerce" });
    expect((await days()).map((d) => d.day)).toEqual(["2026-03-02"]);
  });

  it("builds the days of an organisation whose data predates them, once", async () => {
    await ingest([{ type: "page.viewed", customerId: "c1", timestamp: "2026-03-01T09:00:00Z" }]);
    await tdb.db.execute(sql`delete from customer_activity_days`);
    await tdb.db.execute(sql`update organizations set activity_days_stale = true where id = ${org.id}`);
    expect(await rebuildStaleActivityDays(tdb.db)).toBe(1);
    expect((await days()).map((d) => d.customer)).toEqual(["c1"]);
    expect(await rebuildStaleActivityDays(tdb.db)).toBe(0);
  });
});
