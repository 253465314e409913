import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganization } from "@/db/testing/factories";
import { events, orders, surveyResponses } from "@/db/schema";
import { ingestEvents, type IngestOrganization } from "@/server/ingest/store";
import { countsForCustomer, resolvedCustomerId } from "./identity";

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

const ts = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00Z`;
const resolvedByMessage = async (orgId: string) =>
  Object.fromEntries(
    (
      await tdb.db
        .select({ messageId: events.messageId, resolved: resolvedCustomerId(events) })
        .from(events)
        .where(eq(events.orgId, orgId))
        .orderBy(asc(events.id))
    ).map((r) => [r.messageId, r.resolved]),
  );

describe("resolvedCustomerId", () => {
  it("gives anonymous events sent before identification to the customer, retroactively", async () => {
    await ingestEvents(tdb.db, org, [
      { id: "before", type: "page.viewed", anonymousId: "dev1", timestamp: ts(0) },
      { id: "stranger", type: "page.viewed", anonymousId: "dev2", timestamp: ts(1) },
    ]);
    expect(await resolvedByMessage(org.id)).toEqual({ before: null, stranger: null });

    await ingestEvents(tdb.db, org, [{ id: "identify", type: "customer.identified", customerId: "c1", anonymousId: "dev1", timestamp: ts(5), properties: { traits: {} } }]);
    expect(await resolvedByMessage(org.id)).toEqual({ before: "c1", stranger: null, identify: "c1" });
  });

  it("keeps a row that names its own customer with that customer, and ignores the conflicting link", async () => {
    await ingestEvents(tdb.db, org, [
      { id: "link", type: "page.viewed", customerId: "c1", anonymousId: "dev1", timestamp: ts(0) },
      { id: "claim", type: "page.viewed", customerId: "c2", anonymousId: "dev1", timestamp: ts(1) },
      { id: "anon", type: "page.viewed", anonymousId: "dev1", timestamp: ts(2) },
    ]);
    expect(await resolvedByMessage(org.id)).toEqual({ link: "c1", claim: "c2", anon: "c1" });
  });

  it("never follows a link of another organisation", async () => {
    await ingestEvents(tdb.db, other, [{ type: "page.viewed", customerId: "c1", anonymousId: "dev1", timestamp: ts(0) }]);
    await ingestEvents(tdb.db, org, [{ id: "anon", type: "page.viewed", anonymousId: "dev1", timestamp: ts(1) }]);
    expect(await resolvedByMessage(org.id)).toEqual({ anon: null });
  });

  it("resolves orders and survey responses by the same rule", async () => {
    await ingestEvents(tdb.db, org, [
      { type: "order.placed", anonymousId: "dev1", timestamp: ts(0), properties: { orderId: "o1", total: 10 } },
      { type: "survey.responded", anonymousId: "dev1", timestamp: ts(1), properties: { kind: "nps", score: 9 } },
      { type: "customer.identified", customerId: "c1", anonymousId: "dev1", timestamp: ts(2), properties: { traits: {} } },
    ]);
    const [order] = await tdb.db.select({ resolved: resolvedCustomerId(orders) }).from(orders);
    const [response] = await tdb.db.select({ resolved: resolvedCustomerId(surveyResponses) }).from(surveyResponses);
    expect(order?.resolved).toBe("c1");
    expect(response?.resolved).toBe("c1");
  });
});

describe("countsForCustomer", () => {
  it("selects exactly the rows whose resolved customer is the one asked for", async () => {
    await ingestEvents(tdb.db, org, [
      { id: "a", type: "page.viewed", anonymousId: "dev1", timestamp: ts(0) },
      { id: "b", type: "customer.identified", customerId: "c1", anonymousId: "dev1", timestamp: ts(1), properties: { traits: {} } },
      { id: "c", type: "page.viewed", customerId: "c2", anonymousId: "dev1", timestamp: ts(2) },
      { id: "d", type: "page.viewed", anonymousId: "dev3", timestamp: ts(3) },
      { id: "e", type: "page.viewed", customerId: "c1", timestamp: ts(4) },
      { id: "f", type: "page.viewed", customerId: "c2", anonymousId: "dev2", timestamp: ts(5) },
      { id: "g", type: "page.viewed", anonymousId: "dev2", timestamp: ts(6) },
    ]);
    await ingestEvents(tdb.db, other, [{ id: "x", type: "page.viewed", customerId: "c1", timestamp: ts(0) }]);
    const resolved = await resolvedByMessage(org.id);
    for (const customerId of ["c1", "c2", "nobody"]) {
      const rows = await tdb.db
        .select({ messageId: events.messageId })
        .from(events)
        .where(countsForCustomer(events, org.id, customerId))
        .orderBy(asc(events.id));
      const expected = Object.entries(resolved).flatMap(([messageId, who]) => (who === customerId ? [messageId] : []));
      expect(rows.map((r) => r.messageId), customerId).toEqual(expected);
    }
    expect(Object.keys(resolved).filter((m) => resolved[m] === "c1")).toEqual(["a", "b", "e"]);
    // The other organisation's c1 is another person.
    const theirs = await tdb.db.select({ id: events.id }).from(events).where(and(countsForCustomer(events, other.id, "c1")));
    expect(theirs).toHaveLength(1);
  });
});
