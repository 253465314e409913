import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db";
import { organizations } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { rebuildActivityDays } from "@/server/ingest/activity-days";
import { rebuildVisitSessions, refreshVisitSessions } from "@/server/ingest/visit-sessions";
import { rebuildCheckoutSummaries, refreshCheckoutSummaries } from "@/server/ingest/checkout-summaries";
import { refreshActivitySpans } from "@/server/ingest/activity-spans";
import { eraseCustomer } from "@/server/services/customer-privacy";
import type { Segment } from "@/lib/metrics/segment";
import { listMetrics } from "./catalog";
import { KEYED_EVENT_TYPES } from "./keyed-events";
import { metricFixture } from "./testing/fixture";
import { randomCustomer, randomDenseVisit, randomEvent } from "./testing/random-history";

// The rollups ingest maintains must say exactly what the raw events say, whatever the history: random
// sequences of batches (with repeated client ids, late and out-of-order events, identity links that
// move anonymous events between customers, cancellations before and after their order), erasures of
// customers and time-zone changes. After each sequence, (1) the maintained tables equal a rebuild from
// scratch, and (2) every metric of the catalog answers the same with the rollups as from raw events
// only, for a period of whole local days and for a ragged one, whole and in a segment.
const RUNS = Number(process.env.PROPERTY_RUNS ?? 6);
const TIME_BUDGET_MS = 60_000 + RUNS * 15_000;

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());

// Orders and their cancellations across batches are what moves an old day, so they come often.
const orderLifecycle = fc
  .tuple(fc.constantFrom("order.placed", "order.canceled"), fc.constantFrom("o1", "o2"), randomEvent)
  .map(([type, orderId, base]) => ({ ...base, type, properties: type === "order.placed" ? { orderId, total: 30 } : { orderId } }));
// One event in ten carries a client id from a small pool, so retries across batches happen. (It was
// fc.option, present four times in five: a whole sequence then stored at most four such events.)
const withClientId = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: randomEvent }, { weight: 1, arbitrary: orderLifecycle }, { weight: 3, arbitrary: randomDenseVisit }),
    fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom("m1", "m2", "m3", "m4") }),
  )
  .map(([event, id]) => (id ? { ...event, id } : event));
const step = fc.oneof(
  { weight: 6, arbitrary: fc.array(withClientId, { minLength: 1, maxLength: 12 }).map((events) => ({ kind: "batch" as const, events })) },
  { weight: 1, arbitrary: randomCustomer.map((customerId) => ({ kind: "erase" as const, customerId })) },
  { weight: 1, arbitrary: fc.constantFrom("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC").map((timeZone) => ({ kind: "zone" as const, timeZone })) },
  // A dashboard read between writes: visit_sessions and checkout_summaries are brought up to date piece by piece.
  { weight: 2, arbitrary: fc.constant({ kind: "read" as const }) },
);

type Step = { kind: "batch"; events: unknown[] } | { kind: "erase"; customerId: string } | { kind: "zone"; timeZone: string } | { kind: "read" };

// Whole local days by week (the activity spans: periods of a week or more on average), ragged by day
// (the activity days, and the edges from events) and ragged by month (the spans, and the edges).
const PERIODS = [
  { from: "2026-03-01", to: "2026-04-01", interval: "week" as const },
  { from: "2026-03-03T05:30", to: "2026-04-12T17:00", interval: "day" as const },
  { from: "2026-03-03T05:30", to: "2026-04-12T17:00", interval: "month" as const },
];
const SEGMENTS: (Segment | undefined)[] = [undefined, { traits: { country: "DE" } }];
const actor = { userId: null, label: "consistency test" };

async function activityRows(orgId: string) {
  return rowsOf<Record<string, unknown>>(
    await tdb.db.execute(sql`select * from customer_activity_days
                             where org_id = ${orgId} order by day, customer_id`),
  );
}

/** The activity spans as kept (brought up to date first), and as the activity days and live orders say they should be. */
async function spanRows(orgId: string) {
  expect(await refreshActivitySpans(tdb.db, orgId)).toBe(true);
  return rowsOf<Record<string, unknown>>(
    await tdb.db.execute(sql`select customer_id, initiated::text as initiated, sustainability::text as sustainability, ordered::text as ordered
                             from customer_activity_spans where org_id = ${orgId} order by customer_id`),
  );
}
async function spansOfDaysAndOrders(orgId: string) {
  return rowsOf<Record<string, unknown>>(
    await tdb.db.execute(sql`select coalesce(d.customer_id, o.customer_id) as customer_id, coalesce(d.initiated, '{}') as initiated,
                                    coalesce(d.sustainability, '{}') as sustainability, coalesce(o.ordered, '{}') as ordered
                             from (select customer_id,
                                          coalesce(range_agg(daterange(day, day + 1)) filter (where initiated > 0), '{}')::text as initiated,
                                          coalesce(range_agg(daterange(day, day + 1)) filter (where sustainability > 0), '{}')::text as sustainability
                                   from customer_activity_days where org_id = ${orgId} and (initiated > 0 or sustainability > 0)
                                   group by customer_id) d
                             full join (select coalesce(r.customer_id, il.customer_id) as customer_id,
                                               range_agg(tstzrange(r.placed_at, r.placed_at, '[]'))::text as ordered
                                        from orders r left join identity_links il on il.org_id = r.org_id and il.anonymous_id = r.anonymous_id
                                        where r.org_id = ${orgId} and r.canceled_at is null and coalesce(r.customer_id, il.customer_id) is not null
                                        group by 1) o on o.customer_id = d.customer_id
                             order by 1`),
  );
}

/** keyed_events as kept, and as a projection of the events says it should be (the types server/metrics/keyed-events.ts lists). */
const KEYED_COLUMNS = sql.raw("event_id, type, timestamp, customer_id, anonymous_id, checkout_id, order_id, survey_kind, policy, email_type, points, context, subscription_id, mrr, currency, effective_at");
async function keyedRows(orgId: string) {
  return rowsOf<Record<string, unknown>>(await tdb.db.execute(sql`select ${KEYED_COLUMNS} from keyed_events where org_id = ${orgId} order by event_id`));
}
const subscriptionProperty = (name: string) => sql.raw(`case when type like 'subscription.%' then properties->>'${name}' end`);
async function keyedOfEvents(orgId: string) {
  return rowsOf<Record<string, unknown>>(
    await tdb.db.execute(sql`select id as event_id, type, timestamp, customer_id, anonymous_id, properties->>'checkoutId' as checkout_id,
                                    properties->>'orderId' as order_id, properties->>'kind' as survey_kind, properties->>'policy' as policy,
                                    properties->>'emailType' as email_type,
                                    case when type in ('loyalty.points_earned', 'loyalty.points_redeemed') then properties->>'points' end as points,
                                    case when type = 'dpp.viewed' then properties->>'context' end as context,
                                    ${subscriptionProperty("subscriptionId")} as subscription_id, ${subscriptionProperty("mrr")} as mrr,
                                    ${subscriptionProperty("currency")} as currency, ${subscriptionProperty("effectiveAt")} as effective_at
                             from events where org_id = ${orgId} and type = any(${`{${KEYED_EVENT_TYPES.join(",")}}`}::text[]) order by id`),
  );
}

/** Each order's and keyed event's kept customer (resolved_customer_id, migration 0023), and the one the identity rule gives. */
async function resolvedCustomers(orgId: string, table: "orders" | "keyed_events") {
  const key = sql.raw(table === "orders" ? "r.order_id" : "r.event_id::text");
  const rows = rowsOf<{ row: string; kept: string | null; rule: string | null }>(
    await tdb.db.execute(sql`select ${key} as row, r.resolved_customer_id as kept, coalesce(r.customer_id, il.customer_id) as rule
                             from ${sql.raw(table)} r left join identity_links il on il.org_id = r.org_id and il.anonymous_id = r.anonymous_id
                             where r.org_id = ${orgId} order by 1`),
  );
  return { kept: rows.map((r) => [r.row, r.kept]), rule: rows.map((r) => [r.row, r.rule]) };
}

async function sessionRows(orgId: string) {
  return rowsOf<Record<string, unknown>>(
    await tdb.db.execute(sql`select session_key, actor, customer_id, started_at, views, converted from visit_sessions
                             where org_id = ${orgId} order by session_key`),
  );
}

async function checkoutRows(orgId: string) {
  return rowsOf<Record<string, unknown>>(
    await tdb.db.execute(sql`select checkout_id, started_at, customer_id, anonymous_id, completed_at, steps, variant,
                                    recovery_at, recovery_customer_id, recovery_anonymous_id, recovery_nudge, recovery_channel from checkout_summaries
                             where org_id = ${orgId} order by checkout_id`),
  );
}

describe("rollups against raw events", () => {
  it(
    "after random batches, erasures, zone changes and reads, the activity days, visit sessions and checkout summaries equal a rebuild, the activity spans equal the days and live orders, keyed_events the events, each order's and keyed event's customer the identity rule, and every metric equals its raw recomputation",
    async () => {
      await fc.assert(
        // A churn window of 180 days keeps every purchaser of this three-month history alive, so B(to) never
        // asks who was active; with 7 days, most of B(to) is the purchasers active in the period.
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), fc.constantFrom(180, 7), async (steps: Step[], churnWindowDays: number) => {
          await tdb.truncate();
          const f = await metricFixture(tdb.db, { churnWindowDays });
          for (const s of steps) {
            if (s.kind === "batch") await f.send(s.events);
            else if (s.kind === "erase") await eraseCustomer(tdb.db, actor, f.org.id, s.customerId).catch(() => {}); // NOT_FOUND: never seen
            else if (s.kind === "read") {
              await refreshVisitSessions(tdb.db, f.org.id);
              await refreshCheckoutSummaries(tdb.db, f.org.id);
              await refreshActivitySpans(tdb.db, f.org.id);
            }
            else {
              // What the settings service does on a zone change (server/services/organizations.ts).
              await tdb.db.transaction(async (tx) => {
                await tx.update(organizations).set({ timeZone: s.timeZone }).where(eq(organizations.id, f.org.id));
                await rebuildActivityDays(tx, f.org.id);
              });
            }
          }

          expect(await keyedRows(f.org.id)).toEqual(await keyedOfEvents(f.org.id));
          for (const table of ["orders", "keyed_events"] as const) {
            const resolved = await resolvedCustomers(f.org.id, table);
            expect(resolved.kept).toEqual(resolved.rule);
          }
          const maintained = await activityRows(f.org.id);
          // Before the rebuild below, which names every customer again.
          expect(await spanRows(f.org.id)).toEqual(await spansOfDaysAndOrders(f.org.id));
          await tdb.db.transaction((tx) => rebuildActivityDays(tx, f.org.id));
          expect(maintained).toEqual(await activityRows(f.org.id));
          await refreshVisitSessions(tdb.db, f.org.id);
          const sessions = await sessionRows(f.org.id);
          await tdb.db.transaction((tx) => rebuildVisitSessions(tx, f.org.id));
          expect(sessions).toEqual(await sessionRows(f.org.id));
          await refreshCheckoutSummaries(tdb.db, f.org.id);
          const checkouts = await checkoutRows(f.org.id);
          await tdb.db.transaction((tx) => rebuildCheckoutSummaries(tx, f.org.id));
          expect(checkouts).toEqual(await checkoutRows(f.org.id));

          for (const metric of listMetrics()) {
            for (const period of PERIODS) {
              for (const segment of SEGMENTS) {
                const options = { interval: metric.unit === "table" ? undefined : period.interval, segment };
                const fast = await f.measure(metric.key, period.from, period.to, options);
                const raw = await f.measure(metric.key, period.from, period.to, { ...options, rollups: false });
                expect(fast, `${metric.key} ${period.from}..${period.to} ${JSON.stringify(segment ?? {})}`).toEqual(raw);
              }
            }
          }
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: TIME_BUDGET_MS },
      );
    },
    TIME_BUDGET_MS + 60_000,
  );
});
