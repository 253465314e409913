import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { eraseCustomer } from "@/server/services/customer-privacy";
import { metricFixture, on } from "./testing/fixture";

// keyed_events is a projection of events kept by triggers (migration 0022): what it holds after inserts
// and deletions. The metrics that read it are held to raw events by their goldens, the oracle and the
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
    await tdb.db.execute(sql`select type, customer_id, anonymous_id, checkout_id, order_id, survey_kind, policy, email_type
                             from keyed_events where org_id = ${f.org.id} order by event_id`),
  );

describe("keyed events", () => {
  it("copies the five kinds of keyed event with the property each is joined by, and nothing else; an erasure removes the customer's", async () => {
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
    const none = { customer_id: null, anonymous_id: null, checkout_id: null, order_id: null, survey_kind: null, policy: null, email_type: null };
    const c2Rows = [
      { ...none, type: "email.clicked", customer_id: "c2", order_id: "o9", email_type: "order_confirmation" },
      { ...none, type: "survey.sent", customer_id: "c2", survey_kind: "nps" },
      { ...none, type: "survey.responded", customer_id: "c2", survey_kind: "nps" },
    ];
    expect(await kept()).toEqual([
      { ...none, type: "policy.viewed", anonymous_id: "a1", checkout_id: "k1", policy: "returns" },
      { ...none, type: "dpp.viewed", customer_id: "c1" },
      { ...none, type: "tracking.viewed", customer_id: "c1", order_id: "o1" },
      ...c2Rows,
    ]);
    await eraseCustomer(tdb.db, { userId: null, label: "test" }, f.org.id, "c1");
    // a1 names no customer: its view is not c1's.
    expect(await kept()).toEqual([{ ...none, type: "policy.viewed", anonymous_id: "a1", checkout_id: "k1", policy: "returns" }, ...c2Rows]);
  });
});
