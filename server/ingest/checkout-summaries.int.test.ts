import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/db";
import { whileWriteIsOpen } from "@/db/testing/open-write";
import { createTestDatabase, testEngine, type TestDatabase } from "@/db/testing/test-database";
import { ingestEvents } from "./store";
import { eraseCustomer } from "@/server/services/customer-privacy";
import { FIXTURE_NOW, metricFixture, on } from "@/server/metrics/testing/fixture";
import { rebuildStaleCheckoutSummaries, refreshCheckoutSummaries } from "./checkout-summaries";

// The metrics' answers with and without the summaries are held together by the consistency test and
// the checkout goldens; these tests pin what the table holds and what a write names.
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
/** A timestamp as `on()` writes it, whatever the engine's own text form. */
const utc = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const summaries = async () => {
  await refreshCheckoutSummaries(tdb.db, f.org.id);
  return rowsOf<Record<string, unknown>>(
    await tdb.db.execute(sql`select checkout_id, ${utc(sql`started_at`)} as started_at, customer_id, anonymous_id,
                                    ${utc(sql`completed_at`)} as completed_at, steps, variant
                             from checkout_summaries where org_id = ${f.org.id} order by checkout_id`),
  );
};
const pending = async () =>
  rowsOf<{ checkout_id: string }>(await tdb.db.execute(sql`select checkout_id from checkout_summary_dirty where org_id = ${f.org.id} order by 1`)).map(
    (r) => r.checkout_id,
  );
const event = (type: string, who: Record<string, string>, time: string, properties: Record<string, unknown>) => ({
  type,
  ...who,
  timestamp: on("2026-03-10", time),
  properties,
});

describe("checkout summaries", () => {
  it("a batch names the checkouts of its checkout events and orders, and nothing else; a read recomputes them and empties the list", async () => {
    await f.send([
      event("checkout.started", { anonymousId: "a1" }, "10:00:00", { checkoutId: "k1", variant: "A" }),
      event("checkout.step_viewed", { anonymousId: "a1" }, "10:01:00", { checkoutId: "k1", step: "shipping" }),
      event("checkout.step_viewed", { anonymousId: "a1" }, "10:02:00", { checkoutId: "k1", step: "cart" }),
      event("checkout.step_viewed", { anonymousId: "a1" }, "10:03:00", { checkoutId: "k1", step: "cart" }),
      event("order.placed", { customerId: "c1" }, "11:00:00", { orderId: "o1", total: 10, checkoutId: "k2" }),
      event("policy.viewed", { customerId: "c1" }, "10:30:00", { policy: "returns", checkoutId: "k3" }),
      event("page.viewed", { customerId: "c1" }, "10:30:00", { path: "/" }),
    ]);
    expect(await pending()).toEqual(["k1", "k2"]);
    // k2 has an order but no checkout.started: no checkout.
    expect(await summaries()).toEqual([
      {
        checkout_id: "k1",
        started_at: on("2026-03-10", "10:00:00"),
        customer_id: null,
        anonymous_id: "a1",
        completed_at: null,
        steps: ["cart", "shipping"],
        variant: "A",
      },
    ]);
    expect(await pending()).toEqual([]);
    await f.send([event("checkout.started", { customerId: "c1" }, "10:30:00", { checkoutId: "k2" })]);
    expect(await summaries()).toMatchObject([
      { checkout_id: "k1" },
      { checkout_id: "k2", customer_id: "c1", started_at: on("2026-03-10", "10:30:00"), completed_at: on("2026-03-10", "11:00:00"), steps: [] },
    ]);
  });

  it("a recovery message names its checkout, which keeps its first message; one only messaged has a row without a start, counted by cart recovery, not by abandonment", async () => {
    await f.send([
      event("cart.recovery_sent", { anonymousId: "a5" }, "12:00:00", { checkoutId: "k5", channel: "email", nudge: "discount" }),
      event("cart.recovery_sent", { customerId: "c5" }, "11:00:00", { checkoutId: "k5", channel: "sms", nudge: "reminder" }),
      event("checkout.started", { anonymousId: "a6" }, "10:00:00", { checkoutId: "k6" }),
      event("cart.recovery_sent", { customerId: "c6" }, "10:30:00", { checkoutId: "k6", channel: "push" }),
    ]);
    expect(await pending()).toEqual(["k5", "k6"]);
    const recoveries = async () => {
      await refreshCheckoutSummaries(tdb.db, f.org.id);
      return rowsOf(
        await tdb.db.execute(sql`select checkout_id, ${utc(sql`started_at`)} as started_at, ${utc(sql`recovery_at`)} as recovery_at,
                                        recovery_customer_id, recovery_anonymous_id, recovery_nudge, recovery_channel
                                 from checkout_summaries where org_id = ${f.org.id} order by checkout_id`),
      );
    };
    // k5's first message is the 11:00 one (sent later, stamped earlier).
    expect(await recoveries()).toEqual([
      { checkout_id: "k5", started_at: null, recovery_at: on("2026-03-10", "11:00:00"), recovery_customer_id: "c5", recovery_anonymous_id: null, recovery_nudge: "reminder", recovery_channel: "sms" },
      { checkout_id: "k6", started_at: on("2026-03-10", "10:00:00"), recovery_at: on("2026-03-10", "10:30:00"), recovery_customer_id: "c6", recovery_anonymous_id: null, recovery_nudge: null, recovery_channel: "push" },
    ]);
    // Abandonment counts k6 only (k5 was never started); recovery counts both, neither completed: 0 of 2.
    expect(await f.measure("checkout_abandonment_rate", ...MARCH)).toMatchObject({ value: 100, breakdown: { started: 1 } });
    expect(await f.measure("cart_recovery_conversion_rate", ...MARCH)).toMatchObject({ value: 0, breakdown: { checkouts: 2, converted: 0 } });
    // An order carrying k5 two days after its first message completes it within the 7 days: 1 of 2 = 50 %.
    await f.send([{ ...event("order.placed", { customerId: "c5" }, "09:00:00", { orderId: "o5", total: 20, checkoutId: "k5" }), timestamp: on("2026-03-12", "09:00:00") }]);
    expect(await f.measure("cart_recovery_conversion_rate", ...MARCH)).toMatchObject({
      value: 50,
      breakdown: { checkouts: 2, converted: 1, byChannel: { push: { checkouts: 1, converted: 0 }, sms: { checkouts: 1, converted: 1 } } },
    });
  });

  it("a recovery message stored without a checkoutId (before ingest required one) is no checkout, with the rollup and from raw events: 1 of 1", async () => {
    await f.send([
      event("cart.recovery_sent", { customerId: "c7" }, "11:00:00", { checkoutId: "k7", channel: "email" }),
      event("checkout.completed", { customerId: "c7" }, "12:00:00", { checkoutId: "k7" }),
    ]);
    await tdb.db.execute(sql`insert into events (org_id, message_id, type, timestamp, customer_id, properties)
                             values (${f.org.id}, 'legacy-1', 'cart.recovery_sent', ${on("2026-03-10", "09:00:00")}, 'c8', '{"channel":"sms"}')`);
    for (const rollups of [true, false]) {
      expect(await f.measure("cart_recovery_conversion_rate", ...MARCH, { rollups })).toMatchObject({ value: 100, breakdown: { checkouts: 1, converted: 1 } });
    }
  });

  it("erasing the customer of an order names its checkout: the order no longer completes it", async () => {
    await f.send([
      event("checkout.started", { anonymousId: "a2" }, "10:00:00", { checkoutId: "k1" }),
      event("order.placed", { customerId: "c2" }, "10:30:00", { orderId: "o2", total: 10, checkoutId: "k1" }),
    ]);
    expect(await summaries()).toMatchObject([{ checkout_id: "k1", completed_at: on("2026-03-10", "10:30:00") }]);
    await eraseCustomer(tdb.db, { userId: null, label: "test" }, f.org.id, "c2");
    expect(await summaries()).toMatchObject([{ checkout_id: "k1", completed_at: null }]);
  });

  // Two connections: PostgreSQL only (the embedded database has one, so writes and reads never overlap).
  it.skipIf(testEngine() === "pglite")(
    "a read while a batch naming an already named checkout is still open neither waits for it nor loses the name: the next read sees the completion",
    async () => {
      await f.send([event("checkout.started", { customerId: "c1" }, "10:00:00", { checkoutId: "k1" })]);
      await whileWriteIsOpen(
        tdb.db,
        (tx) => ingestEvents(tx, f.org, [event("checkout.completed", { customerId: "c1" }, "10:30:00", { checkoutId: "k1" })], { now: FIXTURE_NOW }),
        () => refreshCheckoutSummaries(tdb.db, f.org.id),
      );
      expect(await pending()).toEqual(["k1"]);
      expect(await summaries()).toMatchObject([{ checkout_id: "k1", completed_at: on("2026-03-10", "10:30:00") }]);
    },
  );

  it("builds the summaries of an organisation whose data predates them, once; until then metrics read raw events", async () => {
    await f.send([event("checkout.started", { customerId: "c1" }, "10:00:00", { checkoutId: "k1" })]);
    await tdb.db.execute(sql`delete from checkout_summaries`);
    await tdb.db.execute(sql`delete from checkout_summary_dirty`);
    await tdb.db.execute(sql`update organizations set checkout_summaries_stale = true where id = ${f.org.id}`);
    expect(await f.measure("checkout_abandonment_rate", ...MARCH)).toMatchObject({ value: 100 });
    expect(await rebuildStaleCheckoutSummaries(tdb.db)).toBe(1);
    expect(await summaries()).toMatchObject([{ checkout_id: "k1", customer_id: "c1" }]);
    expect(await rebuildStaleCheckoutSummaries(tdb.db)).toBe(0);
  });
});
