import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganizationWithRoles } from "@/db/testing/factories";
import { ingestEvents } from "@/server/ingest/store";
import { callerFor } from "@/server/testing/caller";
import { failure, outcome } from "@/server/testing/outcomes";

let tdb: TestDatabase;
let mine: Awaited<ReturnType<typeof insertOrganizationWithRoles>>;
let theirs: Awaited<ReturnType<typeof insertOrganizationWithRoles>>;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  mine = await insertOrganizationWithRoles(tdb.db);
  theirs = await insertOrganizationWithRoles(tdb.db);
});

const ts = (day: number) => new Date(Date.UTC(2026, 2, day, 10)).toISOString();
const as = (role: "owner" | "admin" | "analyst" | "viewer", org = mine) => callerFor(tdb.db, org.members[role]);

async function seedAda() {
  await ingestEvents(tdb.db, mine.org, [
    { id: "anon", type: "page.viewed", anonymousId: "dev1", timestamp: ts(1) },
    { type: "customer.identified", customerId: "c1", anonymousId: "dev1", timestamp: ts(2), properties: { traits: { email: "Ada@Example.test", name: "Ada" } } },
    { type: "order.placed", customerId: "c1", timestamp: ts(3), properties: { orderId: "o1", total: 100 } },
    { type: "order.placed", anonymousId: "dev1", timestamp: ts(4), properties: { orderId: "o2", total: 50.5 } },
    { type: "order.placed", customerId: "c1", timestamp: ts(5), properties: { orderId: "o3", total: 80 } },
    { type: "order.placed", customerId: "c1", timestamp: ts(6), properties: { orderId: "o4", total: 20, currency: "USD" } },
    { type: "order.refunded", customerId: "c1", timestamp: ts(7), properties: { orderId: "o1", amount: 25 } },
    { type: "order.canceled", customerId: "c1", timestamp: ts(8), properties: { orderId: "o3" } },
    { type: "survey.responded", customerId: "c1", timestamp: ts(9), properties: { kind: "nps", score: 10 } },
    { type: "page.viewed", customerId: "c10", timestamp: ts(10) },
    { type: "page.viewed", customerId: "bob", timestamp: ts(11) },
  ]);
  // The same customer id in another organisation is another person.
  await ingestEvents(tdb.db, theirs.org, [{ type: "page.viewed", customerId: "c1", timestamp: ts(1) }]);
}

describe("customer.get", () => {
  it("shows traits, linked ids, counted orders and net revenue in the organisation's currency, other currencies apart", async () => {
    await seedAda();
    const profile = await as("viewer").customer.get({ orgSlug: mine.org.slug, customerId: "c1" });
    expect(profile).toMatchObject({
      customerId: "c1",
      traits: { email: "Ada@Example.test", name: "Ada" },
      // The anonymous visit on day 1 counts: identity applies retroactively.
      firstSeenAt: new Date(ts(1)),
      lastSeenAt: new Date(ts(9)),
      anonymousIds: [{ anonymousId: "dev1", conflicts: 0 }],
      orderCount: 3,
      canceledOrderCount: 1,
      // o1 100 - 25 refunded + o2 50.50 (anonymous, linked); o3 canceled; o4 in USD.
      revenue: { currency: "EUR", orders: 2, netMinor: 12550, otherCurrencies: [{ currency: "USD", orders: 1, netMinor: 2000 }] },
    });
  });

  it("answers NOT_FOUND for an unknown customer and for another organisation's customer", async () => {
    await seedAda();
    expect(await outcome(as("owner").customer.get({ orgSlug: mine.org.slug, customerId: "nobody" }))).toBe("NOT_FOUND");
    await ingestEvents(tdb.db, theirs.org, [{ type: "page.viewed", customerId: "only-theirs", timestamp: ts(1) }]);
    expect(await outcome(as("owner").customer.get({ orgSlug: mine.org.slug, customerId: "only-theirs" }))).toBe("NOT_FOUND");
    for (const call of ["timeline", "orders", "responses", "export"] as const) {
      expect(await outcome(as("owner").customer[call]({ orgSlug: mine.org.slug, customerId: "only-theirs" })), call).toBe("NOT_FOUND");
    }
    expect(await outcome(as("owner").customer.erase({ orgSlug: mine.org.slug, customerId: "only-theirs", confirmCustomerId: "only-theirs" }))).toBe("NOT_FOUND");
    expect((await as("owner", theirs).customer.get({ orgSlug: theirs.org.slug, customerId: "only-theirs" })).customerId).toBe("only-theirs");
  });
});

describe("customer.search", () => {
  it("finds by id prefix or by part of the email, and lists the most recently seen without a query", async () => {
    await seedAda();
    const search = (query?: string) => as("viewer").customer.search({ orgSlug: mine.org.slug, query }).then((rows) => rows.map((r) => r.customerId));
    expect(await search()).toEqual(["bob", "c10", "c1"]);
    expect(await search("c1")).toEqual(["c10", "c1"]);
    expect(await search("example.TEST")).toEqual(["c1"]);
    expect(await search("%")).toEqual([]);
    expect(await search("  ")).toEqual(["bob", "c10", "c1"]);
    const [ada] = await as("viewer").customer.search({ orgSlug: mine.org.slug, query: "ada@" });
    expect(ada).toMatchObject({ customerId: "c1", email: "Ada@Example.test", name: "Ada" });
  });
});

describe("customer pages", () => {
  it("pages the timeline newest first, anonymous events from before identification included", async () => {
    await seedAda();
    const api = as("viewer");
    const first = await api.customer.timeline({ orgSlug: mine.org.slug, customerId: "c1", limit: 5 });
    const second = await api.customer.timeline({ orgSlug: mine.org.slug, customerId: "c1", limit: 5, cursor: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    const types = [...first.items, ...second.items].map((e) => e.type);
    expect(types).toEqual([
      "survey.responded",
      "order.canceled",
      "order.refunded",
      "order.placed",
      "order.placed",
      "order.placed",
      "order.placed",
      "customer.identified",
      "page.viewed",
    ]);
    expect(second.items.at(-1)).toMatchObject({ messageId: "anon", customerId: null, resolvedCustomerId: "c1" });
  });

  it("lists orders with their refunds and cancellation, and survey responses", async () => {
    await seedAda();
    const api = as("viewer");
    const first = await api.customer.orders({ orgSlug: mine.org.slug, customerId: "c1", limit: 3 });
    const second = await api.customer.orders({ orgSlug: mine.org.slug, customerId: "c1", limit: 3, cursor: first.nextCursor });
    const all = [...first.items, ...second.items];
    expect(all.map((o) => o.orderId)).toEqual(["o4", "o3", "o2", "o1"]);
    expect(all.find((o) => o.orderId === "o3")?.canceledAt).toEqual(new Date(ts(8)));
    expect(all.find((o) => o.orderId === "o1")).toMatchObject({ totalMinor: 10000, refundedMinor: 2500, refunds: [{ appliedMinor: 2500 }] });
    const responses = await api.customer.responses({ orgSlug: mine.org.slug, customerId: "c1" });
    expect(responses.items).toMatchObject([{ kind: "nps", score: 10 }]);
  });
});

describe("customer.export and customer.erase", () => {
  it("lets analysts export but only admins and owners erase", async () => {
    await seedAda();
    const input = { orgSlug: mine.org.slug, customerId: "c1" };
    expect(await outcome(as("viewer").customer.export(input))).toBe("FORBIDDEN");
    expect((await as("analyst").customer.export(input)).customer.customerId).toBe("c1");
    for (const role of ["viewer", "analyst"] as const) {
      expect(await outcome(as(role).customer.erase({ ...input, confirmCustomerId: "c1" }))).toBe("FORBIDDEN");
    }
    expect(await as("admin").customer.erase({ ...input, confirmCustomerId: "c1" })).toEqual({ events: 9, orders: 4, responses: 1 });
    expect(await outcome(as("viewer").customer.get(input))).toBe("NOT_FOUND");
  });

  it("refuses an erasure whose confirmation does not match, and erases nothing", async () => {
    await seedAda();
    const error = await failure(as("owner").customer.erase({ orgSlug: mine.org.slug, customerId: "c1", confirmCustomerId: "C1" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/exactly/);
    expect((await as("owner").customer.get({ orgSlug: mine.org.slug, customerId: "c1" })).orderCount).toBe(3);
  });

  it("never erases another organisation's customer of the same id", async () => {
    await seedAda();
    await as("owner").customer.erase({ orgSlug: mine.org.slug, customerId: "c1", confirmCustomerId: "c1" });
    expect((await as("owner", theirs).customer.get({ orgSlug: theirs.org.slug, customerId: "c1" })).customerId).toBe("c1");
  });
});

describe("event procedures", () => {
  it("refuse an inverted range and a preset combined with a custom range", async () => {
    const api = as("viewer");
    const inverted = await failure(api.event.list({ orgSlug: mine.org.slug, from: new Date(ts(2)), to: new Date(ts(1)) }));
    expect(inverted.code).toBe("BAD_REQUEST");
    expect(inverted.message).toMatch(/start must be before the end/);
    expect(await outcome(api.event.list({ orgSlug: mine.org.slug, last: "24h", from: new Date(ts(1)) }))).toBe("BAD_REQUEST");
    expect(await outcome(api.event.tail({ orgSlug: mine.org.slug, afterId: -1 }))).toBe("BAD_REQUEST");
  });

  it("resolve a preset to a range ending now", async () => {
    await ingestEvents(tdb.db, mine.org, [
      { id: "recent", type: "page.viewed", anonymousId: "a", timestamp: new Date(Date.now() - 30 * 60 * 1000).toISOString() },
      { id: "old", type: "page.viewed", anonymousId: "a", timestamp: new Date(Date.now() - 3 * 60 * 60 * 1000).toISOString() },
    ]);
    const page = await as("viewer").event.list({ orgSlug: mine.org.slug, last: "1h" });
    expect(page.items.map((e) => e.messageId)).toEqual(["recent"]);
    const tail = await as("viewer").event.tail({ orgSlug: mine.org.slug, afterId: 0, last: "1h" });
    expect(tail.items.map((e) => e.messageId)).toEqual(["recent"]);
  });
});
