import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db";
import { insertOrganization } from "@/db/testing/factories";
import { writesSideBySide } from "@/db/testing/open-write";
import { createTestDatabase, testEngine, type TestDatabase } from "@/db/testing/test-database";
import { eraseCustomer } from "@/server/services/customer-privacy";
import { ingestEvents, type IngestOrganization } from "./store";

// resolved_customer_id of orders and keyed_events (migration 0023, resolved-customers.ts) against the rule it
// keeps: coalesce(customer_id, the customer anonymous_id is linked to), whatever arrived first.

let tdb: TestDatabase;
let org: IngestOrganization;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  org = await insertOrganization(tdb.db, { currency: "EUR" });
});

const ingest = async (batch: unknown[]) => expect((await ingestEvents(tdb.db, org, batch)).rejected).toEqual([]);
/** A guest's order o<n> and their tracking view of it (a keyed event), both under `anonymousId`. */
const guestOrder = (orderId: string, anonymousId: string) => [
  { type: "order.placed", anonymousId, timestamp: "2026-06-02T10:00:00Z", properties: { orderId, total: 40 } },
  { type: "tracking.viewed", anonymousId, timestamp: "2026-06-02T11:00:00Z", properties: { orderId } },
];
/** A guest's tracking view alone (a keyed event, no order). */
const guestView = (anonymousId: string) => ({ type: "tracking.viewed", anonymousId, timestamp: "2026-06-02T11:00:00Z", properties: { orderId: "o1" } });
const actor = { userId: null, label: "resolved customers test" };
/** Every kept row's customer against the rule, keyed by table and row. */
async function everyRow() {
  return rowsOf<{ row: string; kept: string | null; rule: string | null }>(
    await tdb.db.execute(sql`
      select 'order ' || r.order_id as row, r.resolved_customer_id as kept, coalesce(r.customer_id, il.customer_id) as rule
      from orders r left join identity_links il on il.org_id = r.org_id and il.anonymous_id = r.anonymous_id where r.org_id = ${org.id}
      union all
      select 'keyed ' || r.type, r.resolved_customer_id, coalesce(r.customer_id, il.customer_id)
      from keyed_events r left join identity_links il on il.org_id = r.org_id and il.anonymous_id = r.anonymous_id where r.org_id = ${org.id}
      order by 1`),
  );
}
const signIn = (anonymousId: string, customerId: string, timestamp: string) => ({ type: "page.viewed", anonymousId, customerId, timestamp });

/** Per order: its kept customer, its tracking view's, and the customer the rule gives (the same for both rows). */
async function resolved() {
  return rowsOf<{ order_id: string; order: string | null; view: string | null; rule: string | null }>(
    await tdb.db.execute(sql`
      select o.order_id, o.resolved_customer_id as order, k.resolved_customer_id as view, coalesce(o.customer_id, il.customer_id) as rule
      from orders o
      join keyed_events k on k.org_id = o.org_id and k.order_id = o.order_id
      left join identity_links il on il.org_id = o.org_id and il.anonymous_id = o.anonymous_id
      where o.org_id = ${org.id} order by o.order_id`),
  );
}
/** order -> the customer both of its rows keep (or a mismatch, which fails every expectation below). */
async function kept(): Promise<Record<string, string | null>> {
  return Object.fromEntries((await resolved()).map((r) => [r.order_id, r.order === r.view ? r.order : `order ${r.order}, view ${r.view}`]));
}

describe("the customer an order and a keyed event count for", () => {
  it("a guest's rows take the customer their anonymous id is linked to, whether the link came before (o2) or after (o1) them", async () => {
    await ingest(guestOrder("o1", "a1"));
    expect(await kept()).toEqual({ o1: null });
    await ingest([signIn("a1", "c1", "2026-06-03T08:00:00Z"), signIn("a2", "c2", "2026-06-03T08:00:00Z")]);
    await ingest(guestOrder("o2", "a2"));
    expect(await kept()).toEqual({ o1: "c1", o2: "c2" });
  });

  it("rows that name their customer keep it, even when their anonymous id is linked to someone else", async () => {
    await ingest([signIn("a1", "c1", "2026-06-01T08:00:00Z")]);
    await ingest(guestOrder("o1", "a1").map((e) => ({ ...e, customerId: "c9" })));
    expect(await kept()).toEqual({ o1: "c9" });
  });

  it("follows the link when an earlier claim moves it to another customer (c1 -> c2)", async () => {
    await ingest([...guestOrder("o1", "a1"), signIn("a1", "c1", "2026-06-03T08:00:00Z")]);
    expect(await kept()).toEqual({ o1: "c1" });
    await ingest([signIn("a1", "c2", "2026-06-02T12:00:00Z")]);
    expect(await kept()).toEqual({ o1: "c2" });
  });

  it("a batch with a guest's rows and the link of their anonymous id resolves them: c1", async () => {
    await ingest([...guestOrder("o1", "a1"), signIn("a1", "c1", "2026-06-03T08:00:00Z")]);
    expect(await resolved()).toEqual([{ order_id: "o1", order: "c1", view: "c1", rule: "c1" }]);
  });

  it("an erasure takes the rows counted for the customer with it, and a guest's rows under another of their ids are gone too", async () => {
    await ingest([...guestOrder("o1", "a1"), signIn("a1", "c1", "2026-06-03T08:00:00Z"), ...guestOrder("o2", "a2")]);
    await eraseCustomer(tdb.db, actor, org.id, "c1");
    expect(await kept()).toEqual({ o2: null });
    expect((await everyRow()).every((r) => r.kept === r.rule)).toBe(true);
  });

  // Ingest resolves its own rows and links again after its locks; the triggers keep every other writer right.
  it("is kept by the database for any statement: a link inserted (c1), moved (c3) and deleted (none); rows inserted beside a link (c4)", async () => {
    await ingest(guestOrder("o1", "a1"));
    await tdb.db.execute(sql`insert into identity_links (org_id, anonymous_id, customer_id, linked_at) values (${org.id}, 'a1', 'c1', now())`);
    expect(await kept()).toEqual({ o1: "c1" });
    await tdb.db.execute(sql`update identity_links set customer_id = 'c3' where org_id = ${org.id} and anonymous_id = 'a1'`);
    expect(await kept()).toEqual({ o1: "c3" });
    await tdb.db.execute(sql`delete from identity_links where org_id = ${org.id} and anonymous_id = 'a1'`);
    expect(await kept()).toEqual({ o1: null });
    await tdb.db.execute(sql`insert into identity_links (org_id, anonymous_id, customer_id, linked_at) values (${org.id}, 'a4', 'c4', now())`);
    await tdb.db.execute(sql`insert into orders (org_id, order_id, event_id, anonymous_id, placed_at, currency, total_minor)
                             values (${org.id}, 'o4', 4, 'a4', now(), 'EUR', 100)`);
    await tdb.db.execute(sql`insert into keyed_events (org_id, event_id, type, timestamp, anonymous_id, order_id)
                             values (${org.id}, 5, 'tracking.viewed', now(), 'a4', 'o4')`);
    expect(await kept()).toEqual({ o1: null, o4: "c4" });
  });
});

// A guest's rows and the link that names the guest, in two batches side by side (PostgreSQL: the embedded
// database has one connection). The triggers each read only what is committed and miss the other's rows;
// ingest's second resolution after its anonymous-id locks finds them. Without it the rows kept no customer.
describe.runIf(testEngine() === "postgres")("a guest's rows and their link, in two batches side by side", () => {
  const linkedToC2 = [signIn("a1", "c2", "2026-06-04T08:00:00Z")];
  it.each([
    ["the rows' batch open, the link beside it", [], guestOrder("o1", "a1"), [signIn("a1", "c1", "2026-06-03T08:00:00Z")]],
    ["the link's batch open, the rows beside it", [], [signIn("a1", "c1", "2026-06-03T08:00:00Z")], guestOrder("o1", "a1")],
    ["a1 linked to c2, its move to an earlier claim by c1 open, the rows beside it", linkedToC2, [signIn("a1", "c1", "2026-06-02T09:00:00Z")], guestOrder("o1", "a1")],
  ])("%s: the order and the view count for c1", async (_, before, first, second) => {
    if (before.length) await ingest(before);
    await writesSideBySide(tdb.db, (tx) => ingestEvents(tx, org, first), () => ingestEvents(tdb.db, org, second));
    expect(await resolved()).toEqual([{ order_id: "o1", order: "c1", view: "c1", rule: "c1" }]);
  });

  it.each([
    ["the view's batch open, the link beside it", [guestView("a1")], [signIn("a1", "c1", "2026-06-03T08:00:00Z")]],
    ["the link's batch open, the view beside it", [signIn("a1", "c1", "2026-06-03T08:00:00Z")], [guestView("a1")]],
  ])("a keyed event without an order, %s: the view counts for c1", async (_, first, second) => {
    await writesSideBySide(tdb.db, (tx) => ingestEvents(tx, org, first), () => ingestEvents(tdb.db, org, second));
    expect(await everyRow()).toEqual([{ row: "keyed tracking.viewed", kept: "c1", rule: "c1" }]);
  });

  // An erasure deletes c1's links; a batch storing a guest's rows under a1 beside it either commits first (its
  // rows then count for c1 and are erased) or sees the link gone (its rows count for nobody).
  it("a guest batch open, c1's erasure beside it: the rows are erased with c1", async () => {
    await ingest([signIn("a1", "c1", "2026-06-01T08:00:00Z")]);
    await writesSideBySide(tdb.db, (tx) => ingestEvents(tx, org, guestOrder("o1", "a1")), () => eraseCustomer(tdb.db, actor, org.id, "c1"));
    expect(await everyRow()).toEqual([]);
  });
  it("c1's erasure open, a guest batch beside it: the rows stay, counting for nobody", async () => {
    await ingest([signIn("a1", "c1", "2026-06-01T08:00:00Z")]);
    await writesSideBySide(tdb.db, (tx) => eraseCustomer(tx, actor, org.id, "c1"), () => ingestEvents(tdb.db, org, guestOrder("o1", "a1")));
    expect(await everyRow()).toEqual([
      { row: "keyed tracking.viewed", kept: null, rule: null },
      { row: "order o1", kept: null, rule: null },
    ]);
  });
});
