import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganization } from "@/db/testing/factories";
import { ingestEvents, type IngestOrganization } from "@/server/ingest/store";
import { eventFacets, listEvents, tailEvents, type EventFilter } from "./event-explorer";

let tdb: TestDatabase;
let org: IngestOrganization;
let other: IngestOrganization;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  org = await insertOrganization(tdb.db);
  other = await insertOrganization(tdb.db);
});

const ts = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString();
const messageIds = (page: { items: { messageId: string }[] }) => page.items.map((e) => e.messageId);
const list = (filter: EventFilter = {}, limit = 50) => listEvents(tdb.db, org.id, filter, { limit });

async function seed() {
  await ingestEvents(tdb.db, org, [
    { id: "m-anon", type: "page.viewed", anonymousId: "dev1", timestamp: ts(0) },
    { id: "m-identify", type: "customer.identified", customerId: "c1", anonymousId: "dev1", timestamp: ts(1), properties: { traits: { email: "ada@example.test" } } },
    { id: "m-order", type: "order.placed", customerId: "c1", timestamp: ts(2), properties: { orderId: "o1", total: 20 } },
    { id: "m-wish", type: "wishlist.added", customerId: "c2", timestamp: ts(3) },
    { id: "m-other-anon", type: "page.viewed", anonymousId: "dev9", timestamp: ts(4) },
    { id: "m-custom-2", type: "loyalty.badge_won", customerId: "c1", timestamp: ts(5) },
  ]);
  await ingestEvents(tdb.db, other, [{ id: "m-theirs", type: "page.viewed", customerId: "c1", timestamp: ts(6) }]);
}

describe("listEvents", () => {
  it("lists the organisation's events newest first, each with the customer it counts for", async () => {
    await seed();
    const page = await list();
    expect(messageIds(page)).toEqual(["m-custom-2", "m-other-anon", "m-wish", "m-order", "m-identify", "m-anon"]);
    expect(page.items.find((e) => e.messageId === "m-anon")).toMatchObject({ customerId: null, anonymousId: "dev1", resolvedCustomerId: "c1" });
    expect(page.nextCursor).toBeNull();
  });

  it("filters by one or several types, by custom events, and by both at once", async () => {
    await seed();
    expect(messageIds(await list({ types: ["page.viewed"] }))).toEqual(["m-other-anon", "m-anon"]);
    expect(messageIds(await list({ types: ["page.viewed", "order.placed"] }))).toEqual(["m-other-anon", "m-order", "m-anon"]);
    expect(messageIds(await list({ custom: true }))).toEqual(["m-custom-2", "m-wish"]);
    expect(messageIds(await list({ types: ["order.placed"], custom: true }))).toEqual(["m-custom-2", "m-wish", "m-order"]);
  });

  it("finds a customer's events, anonymous ones from before identification included, or one anonymous id's", async () => {
    await seed();
    expect(messageIds(await list({ actor: "c1" }))).toEqual(["m-custom-2", "m-order", "m-identify", "m-anon"]);
    expect(messageIds(await list({ actor: "dev1" }))).toEqual(["m-identify", "m-anon"]);
    expect(messageIds(await list({ customerId: "c1", types: ["page.viewed"] }))).toEqual(["m-anon"]);
    expect(messageIds(await list({ actor: "nobody" }))).toEqual([]);
  });

  it("filters by a half-open time range and by part of the message id, with LIKE wildcards taken literally", async () => {
    await seed();
    expect(messageIds(await list({ from: new Date(ts(2)), to: new Date(ts(4)) }))).toEqual(["m-wish", "m-order"]);
    expect(messageIds(await list({ messageId: "ORDER" }))).toEqual(["m-order"]);
    expect(messageIds(await list({ messageId: "m-%" }))).toEqual([]);
    await ingestEvents(tdb.db, org, [{ id: "100%_sure", type: "page.viewed", anonymousId: "x", timestamp: ts(9) }]);
    expect(messageIds(await list({ messageId: "0%_s" }))).toEqual(["100%_sure"]);
  });

  it("pages by keyset without gaps or repeats, ties on the timestamp broken by arrival", async () => {
    const batch = Array.from({ length: 7 }, (_, i) => ({ id: `same-${i}`, type: "page.viewed", anonymousId: "d", timestamp: ts(1) }));
    await ingestEvents(tdb.db, org, [...batch, { id: "later", type: "page.viewed", anonymousId: "d", timestamp: ts(2) }]);
    const seen: string[] = [];
    let cursor = null;
    for (let i = 0; i < 10; i++) {
      const page: Awaited<ReturnType<typeof listEvents>> = await listEvents(tdb.db, org.id, {}, { cursor, limit: 3 });
      seen.push(...messageIds(page));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(["later", "same-6", "same-5", "same-4", "same-3", "same-2", "same-1", "same-0"]);
  });

  it("reports the newest arrival of the organisation as where a live tail starts", async () => {
    expect((await list()).latestId).toBe(0);
    await seed();
    const page = await list({ types: ["page.viewed"] });
    const all = await list();
    expect(page.latestId).toBe(Math.max(...all.items.map((e) => e.id)));
  });
});

describe("tailEvents", () => {
  it("answers what arrived after the given id, in arrival order, under the same filters", async () => {
    await seed();
    const { latestId } = await list();
    expect(await tailEvents(tdb.db, org.id, {}, latestId)).toEqual({ items: [], lastId: latestId });

    // A backfill arrives last even though its timestamp is old.
    await ingestEvents(tdb.db, org, [
      { id: "new-1", type: "page.viewed", customerId: "c1", timestamp: ts(30) },
      { id: "new-2", type: "order.placed", customerId: "c1", timestamp: ts(0), properties: { orderId: "o2", total: 5 } },
    ]);
    await ingestEvents(tdb.db, other, [{ id: "their-new", type: "page.viewed", customerId: "c1", timestamp: ts(31) }]);
    const tail = await tailEvents(tdb.db, org.id, {}, latestId);
    expect(messageIds(tail)).toEqual(["new-1", "new-2"]);
    expect(tail.lastId).toBe(tail.items[1]!.id);
    expect(messageIds(await tailEvents(tdb.db, org.id, { types: ["order.placed"] }, latestId))).toEqual(["new-2"]);
    expect(messageIds(await tailEvents(tdb.db, org.id, {}, tail.lastId))).toEqual([]);
  });

  it("answers at most the given number of events, the oldest arrivals first", async () => {
    await ingestEvents(tdb.db, org, Array.from({ length: 5 }, (_, i) => ({ id: `e${i}`, type: "page.viewed", anonymousId: "d", timestamp: ts(i) })));
    const first = await tailEvents(tdb.db, org.id, {}, 0, 3);
    expect(messageIds(first)).toEqual(["e0", "e1", "e2"]);
    expect(messageIds(await tailEvents(tdb.db, org.id, {}, first.lastId, 3))).toEqual(["e3", "e4"]);
  });
});

describe("eventFacets", () => {
  it("counts the types present and the conflicting identity links that were ignored", async () => {
    expect(await eventFacets(tdb.db, org.id)).toEqual({ types: [], total: 0, identityConflicts: 0 });
    await seed();
    await ingestEvents(tdb.db, org, [
      { type: "page.viewed", customerId: "c7", anonymousId: "dev1", timestamp: ts(8) },
      { type: "page.viewed", customerId: "c8", anonymousId: "dev1", timestamp: ts(9) },
    ]);
    const facets = await eventFacets(tdb.db, org.id);
    expect(facets.types).toEqual([
      { type: "page.viewed", custom: false, count: 4 },
      { type: "customer.identified", custom: false, count: 1 },
      { type: "loyalty.badge_won", custom: true, count: 1 },
      { type: "order.placed", custom: false, count: 1 },
      { type: "wishlist.added", custom: true, count: 1 },
    ]);
    expect(facets.total).toBe(8);
    expect(facets.identityConflicts).toBe(2);
  });
});
