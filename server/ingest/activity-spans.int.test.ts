import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db";
import { createTestDatabase, testEngine, type TestDatabase } from "@/db/testing/test-database";
import { whileWriteIsOpen } from "@/db/testing/open-write";
import { ingestEvents } from "./store";
import { eraseCustomer } from "@/server/services/customer-privacy";
import { customersActiveIn } from "@/server/metrics/activity";
import { loadMetricSettings } from "@/server/metrics/context";
import { parseInstant } from "@/server/metrics/period";
import { FIXTURE_NOW, metricFixture, on } from "@/server/metrics/testing/fixture";
import { refreshActivitySpans } from "./activity-spans";

// What customer_activity_spans holds and when a write names a customer for it. That the metrics read
// from it answer as from raw events is the consistency test's (rollup-consistency.int.test.ts).
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

const spans = async () => {
  expect(await refreshActivitySpans(tdb.db, f.org.id)).toBe(true);
  return rowsOf<{ customer_id: string; initiated: string; sustainability: string }>(
    await tdb.db.execute(sql`select customer_id, initiated::text as initiated, sustainability::text as sustainability
                             from customer_activity_spans where org_id = ${f.org.id} order by customer_id`),
  );
};
/** Each customer's live order instants as kept in `ordered` (brought up to date first), as UTC "YYYY-MM-DD HH:MI". */
const ordered = async () => {
  expect(await refreshActivitySpans(tdb.db, f.org.id)).toBe(true);
  return rowsOf<{ customer_id: string; at: string[] | null }>(
    await tdb.db.execute(sql`select s.customer_id,
                                    (select array_agg(to_char(lower(r) at time zone 'UTC', 'YYYY-MM-DD HH24:MI') order by lower(r)) from unnest(s.ordered) r) as at
                             from customer_activity_spans s where s.org_id = ${f.org.id} order by s.customer_id`),
  ).map((r) => ({ customer: r.customer_id, at: r.at ?? [] }));
};
const order = (who: Record<string, string>, day: string, orderId: string) => view(who, day, "order.placed", { orderId, total: 20 });
const named = async () =>
  rowsOf<{ customer_id: string }>(await tdb.db.execute(sql`select customer_id from activity_span_dirty where org_id = ${f.org.id} order by 1`)).map(
    (r) => r.customer_id,
  );
const view = (who: Record<string, string>, day: string, type = "page.viewed", properties: Record<string, unknown> = { path: "/" }) => ({
  type,
  ...who,
  timestamp: on(day),
  properties,
});

describe("customer activity spans", () => {
  it("c1 active on 1, 2 and 5 March, a DPP view on the 2nd: initiated {[03-01,03-03), [03-05,03-06)}, sustainability {[03-02,03-03)}; c2 (a merchant's shipment only) has no row", async () => {
    await f.send([
      view({ customerId: "c1" }, "2026-03-01"),
      view({ customerId: "c1" }, "2026-03-02", "dpp.viewed", { productId: "p1", context: "post_purchase" }),
      view({ customerId: "c1" }, "2026-03-05"),
      view({ customerId: "c2" }, "2026-03-05", "order.shipped", { orderId: "o9" }),
    ]);
    expect(await named()).toEqual(["c1"]);
    expect(await spans()).toEqual([{ customer_id: "c1", initiated: "{[2026-03-01,2026-03-03),[2026-03-05,2026-03-06)}", sustainability: "{[2026-03-02,2026-03-03)}" }]);
    expect(await named()).toEqual([]);
  });

  it("a second event on a day already counted names nobody; a new day names its customer again", async () => {
    await f.send([view({ customerId: "c1" }, "2026-03-01")]);
    await spans();
    await f.send([view({ customerId: "c1" }, "2026-03-01")]);
    expect(await named()).toEqual([]);
    await f.send([view({ customerId: "c1" }, "2026-03-04")]);
    expect(await named()).toEqual(["c1"]);
    expect(await spans()).toEqual([{ customer_id: "c1", initiated: "{[2026-03-01,2026-03-02),[2026-03-04,2026-03-05)}", sustainability: "{}" }]);
  });

  it("a day's class coming to count names its customer: c1's referral-only 3 March gains a page view (initiated 0 -> 1), c2's viewing 4 March a DPP view (sustainability 0 -> 1)", async () => {
    await f.send([
      view({ customerId: "c1" }, "2026-03-03", "referral.converted", { referredCustomerId: "c9" }),
      view({ customerId: "c2" }, "2026-03-04"),
    ]);
    expect(await spans()).toEqual([{ customer_id: "c2", initiated: "{[2026-03-04,2026-03-05)}", sustainability: "{}" }]);
    await f.send([view({ customerId: "c1" }, "2026-03-03"), view({ customerId: "c2" }, "2026-03-04", "dpp.viewed", { productId: "p1", context: "post_purchase" })]);
    expect(await named()).toEqual(["c1", "c2"]);
    expect(await spans()).toEqual([
      { customer_id: "c1", initiated: "{[2026-03-03,2026-03-04)}", sustainability: "{}" },
      { customer_id: "c2", initiated: "{[2026-03-04,2026-03-05)}", sustainability: "{[2026-03-04,2026-03-05)}" },
    ]);
  });

  it("a read of B(to) by day (periods too short to read the spans) still empties the queue", async () => {
    await f.send([view({ customerId: "c1" }, "2026-03-01")]);
    expect(await named()).toEqual(["c1"]);
    await f.measure("referral_rate", "2026-03-01", "2026-03-05", { interval: "day" });
    expect(await named()).toEqual([]);
  });

  it("an identity link moves a3's 3 March to c1; erasing c1 then leaves no row", async () => {
    await f.send([view({ customerId: "c1" }, "2026-03-01"), view({ anonymousId: "a3" }, "2026-03-03")]);
    expect(await spans()).toEqual([{ customer_id: "c1", initiated: "{[2026-03-01,2026-03-02)}", sustainability: "{}" }]);
    await f.send([{ type: "customer.identified", customerId: "c1", anonymousId: "a3", timestamp: on("2026-03-06"), properties: { traits: {} } }]);
    // customer.identified is the merchant's: only a3's view moves, and the link's own day is nothing.
    expect(await spans()).toEqual([{ customer_id: "c1", initiated: "{[2026-03-01,2026-03-02),[2026-03-03,2026-03-04)}", sustainability: "{}" }]);
    await eraseCustomer(tdb.db, { userId: null, label: "test" }, f.org.id, "c1");
    expect(await spans()).toEqual([]);
  });

  it.runIf(testEngine() === "postgres")("a read while a write of c1's new day is open keeps the spans as committed; the next read after the commit adds the day", async () => {
    await f.send([view({ customerId: "c1" }, "2026-03-01")]);
    await spans();
    await whileWriteIsOpen(
      tdb.db,
      (tx) => ingestEvents(tx, { id: f.org.id, currency: "EUR" }, [view({ customerId: "c1" }, "2026-03-02")], { now: FIXTURE_NOW }),
      async () => expect(await spans()).toEqual([{ customer_id: "c1", initiated: "{[2026-03-01,2026-03-02)}", sustainability: "{}" }]),
    );
    expect(await named()).toEqual(["c1"]);
    expect(await spans()).toEqual([{ customer_id: "c1", initiated: "{[2026-03-01,2026-03-03)}", sustainability: "{}" }]);
  });

  it("read through spans, a period with no whole local day (1 March 05:30 to 17:00) counts its edges from the events, and a month counts c1 once", async () => {
    await f.send([view({ customerId: "c1" }, "2026-03-01"), view({ customerId: "c1" }, "2026-03-02"), view({ customerId: "c2" }, "2026-03-20")]);
    await spans();
    const settings = await loadMetricSettings(tdb.db, f.org.id);
    const ctx = { db: tdb.db, settings, now: FIXTURE_NOW, segment: null, segmentAt: FIXTURE_NOW };
    const at = (s: string) => parseInstant(s, settings.timeZone);
    const periods = [
      { from: at("2026-03-01T05:30"), to: at("2026-03-01T17:00") },
      { from: at("2026-03-01"), to: at("2026-04-01") },
      { from: at("2026-03-02T12:00"), to: at("2026-03-21") },
    ];
    const pairs = async (fromSpans: boolean) =>
      rowsOf<{ i: number; cid: string }>(
        await tdb.db.execute(sql`select a.i, a.cid from ${customersActiveIn(ctx, periods, "initiated", {}, { fromSpans })} a order by 1, 2`),
      ).map((r) => `${r.i}:${r.cid}`);
    // c1's 2 March view is at 10:00, before the third period's 12:00 start.
    expect(await pairs(true)).toEqual(["0:c1", "1:c1", "1:c2", "2:c2"]);
    expect(await pairs(false)).toEqual(await pairs(true));
  });

  it("c1's orders o1 (2 March) and o2 (5 March) are its ordered instants, o1 named by the order alone (its day already counted); cancelling o1 names c1 and leaves o2; a refund of o2 names nobody", async () => {
    await f.send([view({ customerId: "c1" }, "2026-03-02"), view({ customerId: "c1" }, "2026-03-05")]);
    expect(await ordered()).toEqual([{ customer: "c1", at: [] }]);
    await f.send([order({ customerId: "c1" }, "2026-03-02", "o1")]);
    expect(await named()).toEqual(["c1"]);
    await f.send([order({ customerId: "c1" }, "2026-03-05", "o2")]);
    expect(await ordered()).toEqual([{ customer: "c1", at: ["2026-03-02 10:00", "2026-03-05 10:00"] }]);
    await f.send([view({ customerId: "c1" }, "2026-03-05", "order.refunded", { orderId: "o2", amount: 5 })]);
    expect(await named()).toEqual([]);
    await f.send([view({ customerId: "c1" }, "2026-03-06", "order.canceled", { orderId: "o1" })]);
    // By the order's trigger and by the recomputed placement day's: the queue has no key, the reader de-duplicates.
    expect(new Set(await named())).toEqual(new Set(["c1"]));
    expect(await ordered()).toEqual([{ customer: "c1", at: ["2026-03-05 10:00"] }]);
  });

  it("a cancellation that arrives before its order: the order is stored cancelled, never placed, and c1 (no other event) has no row", async () => {
    await f.send([view({ customerId: "c1" }, "2026-03-06", "order.canceled", { orderId: "o1" })]);
    await f.send([order({ customerId: "c1" }, "2026-03-02", "o1")]);
    expect(await ordered()).toEqual([]);
  });

  it("a3's guest order (3 March) counts for nobody until a link moves it to c1, which names c1; erasing c1 then leaves no row", async () => {
    await f.send([order({ anonymousId: "a3" }, "2026-03-03", "o7")]);
    expect(await ordered()).toEqual([]);
    await f.send([{ type: "customer.identified", customerId: "c1", anonymousId: "a3", timestamp: on("2026-03-06"), properties: { traits: {} } }]);
    expect(await named()).toContain("c1");
    expect(await ordered()).toEqual([{ customer: "c1", at: ["2026-03-03 10:00"] }]);
    await eraseCustomer(tdb.db, { userId: null, label: "test" }, f.org.id, "c1");
    expect(await ordered()).toEqual([]);
  });

  it("an update of orders by plain SQL names exactly the customers whose live orders it changes: a refund's update nobody; a re-timing and a cancellation their customer; a link that takes a3's guest order to c2, then to c1, each customer it moves to or from", async () => {
    await f.send([view({ customerId: "c1" }, "2026-03-02"), order({ customerId: "c1" }, "2026-03-02", "o1"), order({ anonymousId: "a3" }, "2026-03-03", "o7")]);
    await f.send([view({ customerId: "c2" }, "2026-03-03")]);
    expect(await ordered()).toEqual([{ customer: "c1", at: ["2026-03-02 10:00"] }, { customer: "c2", at: [] }]);
    // Plain SQL touches no activity day, so only the triggers on orders (and on identity_links, through the orders they re-resolve) can name.
    const update = (set: string, orderId: string) => tdb.db.execute(sql`update orders set ${sql.raw(set)} where org_id = ${f.org.id} and order_id = ${orderId}`);
    await update("refunded_minor = 500", "o1");
    expect(await named()).toEqual([]);
    await update("placed_at = placed_at + interval '1 hour'", "o1");
    expect(await named()).toEqual(["c1"]);
    expect(await ordered()).toEqual([{ customer: "c1", at: ["2026-03-02 11:00"] }, { customer: "c2", at: [] }]);
    await update("canceled_at = '2026-03-04T10:00:00Z'", "o1");
    expect(await named()).toEqual(["c1"]);
    expect(await ordered()).toEqual([{ customer: "c1", at: [] }, { customer: "c2", at: [] }]);
    await tdb.db.execute(sql`insert into identity_links (org_id, anonymous_id, customer_id, linked_at) values (${f.org.id}, 'a3', 'c2', now())`);
    expect(await named()).toEqual(["c2"]);
    expect(await ordered()).toEqual([{ customer: "c1", at: [] }, { customer: "c2", at: ["2026-03-03 10:00"] }]);
    await tdb.db.execute(sql`update identity_links set customer_id = 'c1' where org_id = ${f.org.id} and anonymous_id = 'a3'`);
    expect(await named()).toEqual(["c1", "c2"]);
    expect(await ordered()).toEqual([{ customer: "c1", at: ["2026-03-03 10:00"] }, { customer: "c2", at: [] }]);
  });

  it("read through the spans, B(to) counts an order at exactly to minus the churn window and not one a second earlier, nor a first order at exactly to; an old purchaser active in the period counts, in a ragged edge too", async () => {
    const g = await metricFixture(tdb.db, { churnWindowDays: 14 });
    // The period [20 March, 1 April) (12 days: read through the spans); to - 14 days = 18 March 00:00 UTC.
    await g.send([
      order({ customerId: "c1" }, "2026-03-18", "o1"),
      { ...order({ customerId: "c2" }, "2026-03-17", "o2"), timestamp: "2026-03-17T23:59:59Z" },
      { ...order({ customerId: "c3" }, "2026-04-01", "o3"), timestamp: "2026-04-01T00:00:00Z" },
      view({ customerId: "c4" }, "2026-03-25"),
      { ...order({ customerId: "c4" }, "2026-04-01", "o4"), timestamp: "2026-04-01T00:00:00Z" },
      order({ customerId: "c5" }, "2026-01-05", "o5"),
      view({ customerId: "c5" }, "2026-03-25"),
      order({ customerId: "c6" }, "2026-01-06", "o6"),
      { ...view({ customerId: "c6" }, "2026-03-20"), timestamp: "2026-03-20T13:00:00Z" },
    ]);
    // o1's own timestamp is 10:00; move it to the bound itself.
    await tdb.db.execute(sql`update orders set placed_at = '2026-03-18T00:00:00Z' where org_id = ${g.org.id} and order_id = 'o1'`);
    for (const from of ["2026-03-20", "2026-03-20T12:00"]) {
      const viaSpans = await g.measure("referral_rate", from, "2026-04-01");
      expect(viaSpans.breakdown, from).toMatchObject({ base: 3 }); // c1, c5 and c6
      expect(viaSpans).toEqual(await g.measure("referral_rate", from, "2026-04-01", { rollups: false }));
    }
  });
});
