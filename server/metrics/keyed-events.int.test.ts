import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { eraseCustomer } from "@/server/services/customer-privacy";
import { metricFixture, on } from "./testing/fixture";

// keyed_events is a projection of events kept by triggers (migrations 0022 and 0024): what it holds after
// inserts, updates and deletions. The metrics that read it are held to raw events by their goldens, the oracle and the
// consistency test.
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

const kept = async () =>
  rowsOf<Record<string, unknown>>(
    await tdb.db.execute(sql`select type, customer_id, anonymous_id, checkout_id, order_id, survey_kind, policy, email_type, points, context,
                                    subscription_id, mrr, currency, effective_at
                             from keyed_events where org_id = ${f.org.id} order by event_id`),
  );

/** Every kept row of the organisation with the customer it counts for, as the trigger (or the backfill) left it. */
const keptWithCustomers = async () =>
  rowsOf<Record<string, unknown>>(await tdb.db.execute(sql`select * from keyed_events where org_id = ${f.org.id} order by event_id`));

/** Migration 0024's last two statements: what filled keyed_events from the events stored before it. */
function backfillOf0024(): { update: string; insert: string } {
  const statements = readFileSync(join(process.cwd(), "drizzle/0024_keyed_history.sql"), "utf8").split("--> statement-breakpoint");
  const [update, insert] = statements.slice(-2).map((statement) => statement.trim());
  if (!update?.includes("UPDATE keyed_events") || !insert?.includes("INSERT INTO keyed_events")) throw new Error("0024 no longer ends with its backfill");
  return { update, insert };
}

const KEPT_BEFORE_0024 = ["dpp.viewed", "sustainability.info_viewed", "policy.viewed", "tracking.viewed", "email.clicked", "survey.sent", "survey.responded"];

describe("keyed events", () => {
  it("copies the windowed metrics' five kinds of keyed event with the property each is joined by, and nothing else; an erasure removes the customer's", async () => {
    await f.send([
      { type: "page.viewed", customerId: "c1", timestamp: on("2026-03-01"), properties: { path: "/" } },
      { type: "policy.viewed", anonymousId: "a1", timestamp: on("2026-03-01", "10:01:00"), properties: { policy: "returns", checkoutId: "k1" } },
      { type: "dpp.viewed", customerId: "c1", timestamp: on("2026-03-01", "10:02:00"), properties: { productId: "p1", context: "pre_purchase" } },
      { type: "order.placed", customerId: "c1", timestamp: on("2026-03-01", "10:03:00"), properties: { orderId: "o1", total: 10 } },
      { type: "tracking.viewed", customerId: "c1", timestamp: on("2026-03-03"), properties: { orderId: "o1" } },
      { type: "email.clicked", customerId: "c2", timestamp: on("2026-03-03"), properties: { emailType: "order_confirmation", orderId: "o9" } },
      { type: "survey.sent", customerId: "c2", timestamp: on("2026-03-04"), properties: { kind: "nps" } },
      { type: "survey.responded", customerId: "c2", timestamp: on("2026-03-05"), properties: { kind: "nps", score: 9 } },
    ]);
    const none = { customer_id: null, anonymous_id: null, checkout_id: null, order_id: null, survey_kind: null, policy: null, email_type: null, points: null, context: null, subscription_id: null, mrr: null, currency: null, effective_at: null };
    const c2Rows = [
      { ...none, type: "email.clicked", customer_id: "c2", order_id: "o9", email_type: "order_confirmation" },
      { ...none, type: "survey.sent", customer_id: "c2", survey_kind: "nps" },
      { ...none, type: "survey.responded", customer_id: "c2", survey_kind: "nps" },
    ];
    expect(await kept()).toEqual([
      { ...none, type: "policy.viewed", anonymous_id: "a1", checkout_id: "k1", policy: "returns" },
      { ...none, type: "dpp.viewed", customer_id: "c1", context: "pre_purchase" },
      { ...none, type: "tracking.viewed", customer_id: "c1", order_id: "o1" },
      ...c2Rows,
    ]);
    await eraseCustomer(tdb.db, { userId: null, label: "test" }, f.org.id, "c1");
    // a1 names no customer: its view is not c1's.
    expect(await kept()).toEqual([{ ...none, type: "policy.viewed", anonymous_id: "a1", checkout_id: "k1", policy: "returns" }, ...c2Rows]);
  });

  it("copies the history metrics' lifecycle events, enrolments, points and subscription events (their properties as sent, for no other type)", async () => {
    await f.send([
      { type: "repair.requested", customerId: "c1", timestamp: on("2026-03-01"), properties: { productId: "p1" } },
      { type: "recycling.completed", anonymousId: "a1", timestamp: on("2026-03-01", "11:00:00"), properties: { productId: "p1" } },
      { type: "loyalty.enrolled", customerId: "c1", timestamp: on("2026-03-02"), properties: { programId: "club" } },
      { type: "loyalty.points_earned", customerId: "c1", timestamp: on("2026-03-03"), properties: { points: 120 } },
      { type: "loyalty.points_redeemed", customerId: "c1", timestamp: on("2026-03-04"), properties: { points: 40.5 } },
      { type: "loyalty.points_expired", customerId: "c1", timestamp: on("2026-03-05"), properties: { points: 10 } },
      // A type whose points mean nothing to the metrics: its extra property is not kept.
      { type: "survey.responded", customerId: "c1", timestamp: on("2026-03-06"), properties: { kind: "csat", score: 5, points: 3 } },
      { type: "dpp.viewed", customerId: "c1", timestamp: on("2026-03-07"), properties: { productId: "p1", context: "post_purchase" } },
      { type: "subscription.started", customerId: "c1", timestamp: on("2026-03-08"), properties: { subscriptionId: "s1", mrr: 19.9, currency: "USD" } },
      { type: "subscription.canceled", customerId: "c1", timestamp: on("2026-03-09"), properties: { subscriptionId: "s1", effectiveAt: "2026-03-31T00:00:00Z" } },
      { type: "subscription.changed", customerId: "c1", timestamp: on("2026-03-10"), properties: { subscriptionId: "s2", mrr: 5 } },
      { type: "subscription.paused", customerId: "c1", timestamp: on("2026-03-11"), properties: { subscriptionId: "s2" } },
      { type: "subscription.resumed", customerId: "c1", timestamp: on("2026-03-12"), properties: { subscriptionId: "s2" } },
      { type: "maintenance.booked", customerId: "c1", timestamp: on("2026-03-13"), properties: { productId: "p1" } },
      { type: "resale.listed", customerId: "c1", timestamp: on("2026-03-14"), properties: { productId: "p1", value: 40 } },
      { type: "takeback.requested", customerId: "c1", timestamp: on("2026-03-15"), properties: { productId: "p1" } },
    ]);
    const none = { customer_id: null, anonymous_id: null, checkout_id: null, order_id: null, survey_kind: null, policy: null, email_type: null, points: null, context: null, subscription_id: null, mrr: null, currency: null, effective_at: null };
    expect(await kept()).toEqual([
      { ...none, type: "repair.requested", customer_id: "c1" },
      { ...none, type: "recycling.completed", anonymous_id: "a1" },
      { ...none, type: "loyalty.enrolled", customer_id: "c1" },
      { ...none, type: "loyalty.points_earned", customer_id: "c1", points: "120" },
      { ...none, type: "loyalty.points_redeemed", customer_id: "c1", points: "40.5" },
      { ...none, type: "survey.responded", customer_id: "c1", survey_kind: "csat" },
      { ...none, type: "dpp.viewed", customer_id: "c1", context: "post_purchase" },
      { ...none, type: "subscription.started", customer_id: "c1", subscription_id: "s1", mrr: "19.9", currency: "USD" },
      { ...none, type: "subscription.canceled", customer_id: "c1", subscription_id: "s1", effective_at: "2026-03-31T00:00:00Z" },
      { ...none, type: "subscription.changed", customer_id: "c1", subscription_id: "s2", mrr: "5" },
      { ...none, type: "subscription.paused", customer_id: "c1", subscription_id: "s2" },
      { ...none, type: "subscription.resumed", customer_id: "c1", subscription_id: "s2" },
      { ...none, type: "maintenance.booked", customer_id: "c1" },
      { ...none, type: "resale.listed", customer_id: "c1" },
      { ...none, type: "takeback.requested", customer_id: "c1" },
    ]);
  });

  it("follows an update of events: a row whose type leaves the kept types goes, one whose properties change is copied again", async () => {
    await f.send([
      { type: "loyalty.points_earned", customerId: "c1", timestamp: on("2026-03-03"), properties: { points: 120 } },
      { type: "repair.requested", customerId: "c1", timestamp: on("2026-03-04"), properties: { productId: "p1" } },
    ]);
    // Nothing in the product updates events; the trigger is there so that a fix by hand keeps the copy exact.
    await tdb.db.execute(sql`update events set properties = properties || '{"points": 80}'::jsonb where org_id = ${f.org.id} and type = 'loyalty.points_earned'`);
    await tdb.db.execute(sql`update events set type = 'repair.completed' where org_id = ${f.org.id} and type = 'repair.requested'`);
    const none = { customer_id: null, anonymous_id: null, checkout_id: null, order_id: null, survey_kind: null, policy: null, email_type: null, points: null, context: null, subscription_id: null, mrr: null, currency: null, effective_at: null };
    expect(await kept()).toEqual([{ ...none, type: "loyalty.points_earned", customer_id: "c1", points: "80" }]);
  });

  it("the migration's backfill copies the events stored before it as the trigger copies them, each row's customer resolved through its link", async () => {
    await f.send([
      { type: "customer.identified", customerId: "c2", anonymousId: "a2", timestamp: on("2026-03-01"), properties: { traits: {} } },
      { type: "dpp.viewed", customerId: "c1", timestamp: on("2026-03-02"), properties: { productId: "p1", context: "post_purchase" } },
      { type: "policy.viewed", anonymousId: "a1", timestamp: on("2026-03-02", "10:00:00"), properties: { policy: "returns", checkoutId: "k1" } },
      { type: "repair.requested", anonymousId: "a2", timestamp: on("2026-03-03"), properties: { productId: "p1" } },
      { type: "loyalty.enrolled", customerId: "c1", timestamp: on("2026-03-04"), properties: { programId: "club" } },
      { type: "loyalty.points_earned", anonymousId: "a2", timestamp: on("2026-03-05"), properties: { points: 120 } },
      { type: "loyalty.points_redeemed", customerId: "c1", timestamp: on("2026-03-06"), properties: { points: 40 } },
      { type: "subscription.started", customerId: "c1", timestamp: on("2026-03-07"), properties: { subscriptionId: "s1", mrr: 19.9, currency: "USD" } },
      { type: "subscription.canceled", anonymousId: "a2", timestamp: on("2026-03-08"), properties: { subscriptionId: "s1", effectiveAt: "2026-03-31T00:00:00Z" } },
    ]);
    const copied = await keptWithCustomers();
    expect(copied.map((row) => [row.type, row.resolved_customer_id])).toEqual([
      ["dpp.viewed", "c1"], ["policy.viewed", null], ["repair.requested", "c2"], ["loyalty.enrolled", "c1"],
      ["loyalty.points_earned", "c2"], ["loyalty.points_redeemed", "c1"], ["subscription.started", "c1"], ["subscription.canceled", "c2"],
    ]);
    // The table as migration 0023 left it: the new types not copied, the dpp views without their context.
    await tdb.db.execute(sql`delete from keyed_events where org_id = ${f.org.id} and not type = any(${`{${KEPT_BEFORE_0024.join(",")}}`}::text[])`);
    await tdb.db.execute(sql`update keyed_events set context = null where org_id = ${f.org.id}`);
    const { update, insert } = backfillOf0024();
    await tdb.db.execute(sql.raw(update));
    await tdb.db.execute(sql.raw(insert));
    expect(await keptWithCustomers()).toEqual(copied);
  });
});
