import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, customType, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * One row per identified customer and local day (the organisation's time zone) with something in
 * it: how many customer-initiated events, sustainability interactions and lifecycle events the
 * customer did that day (metrics.md "Shared definitions"), and the repairs, referrals and content
 * engagements the rates of section 1 ask about, after identity stitching and without the
 * order.placed of a cancelled order. Kept by ingest in the events' transaction
 * (server/ingest/activity-days.ts), equal to a recomputation from the events at every commit; metrics
 * read whole days from here and only the ragged edges of a period from `events`. Rebuilt for the
 * organisation when its time zone changes.
 */
export const customerActivityDays = pgTable(
  "customer_activity_days",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    customerId: text().notNull(),
    initiated: integer().notNull(),
    sustainability: integer().notNull(),
    lifecycle: integer().notNull(),
    /** repair.requested and maintenance.booked (the repair activity rate). */
    repair: integer().notNull().default(0),
    /** referral.converted, on the referrer's day (the referral rate). */
    referral: integer().notNull().default(0),
    /** content.engaged, and the content types and topics seen that day as bits (server/metrics/sql.ts CONTENT_TYPES, CONTENT_TOPICS). */
    content: integer().notNull().default(0),
    contentTypes: integer().notNull().default(0),
    contentTopics: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.day, t.customerId] }),
    index("customer_activity_days_org_customer_idx").on(t.orgId, t.customerId, t.day),
    // The sparse classes by day, so that a rate reads its few rows, not every day of its span: the repair
    // rate's statement at 10 million events 255 -> 42 ms (a parallel scan of the whole table before).
    index("customer_activity_days_repair_idx").on(t.orgId, t.day).where(sql`${t.repair} > 0`),
    index("customer_activity_days_referral_idx").on(t.orgId, t.day).where(sql`${t.referral} > 0`),
    index("customer_activity_days_content_idx").on(t.orgId, t.day).where(sql`${t.content} > 0`),
  ],
);

/**
 * A narrow copy of the events that the windowed metrics join on (views during checkouts, tracking views
 * and order-confirmation clicks after orders, survey sends and responses) and of the few that metrics read
 * over the whole history (lifecycle events, enrolments, points, subscriptions), each with its time, its ids
 * as sent and the properties it is read by as columns of their own (server/metrics/keyed-events.ts lists the
 * types and every reader).
 * Those metrics read a 180-day span, or all, of these events on every read; from `events` each one was a
 * fetch from the wide table's heap (sustainability abandonment at 10 million events: 140,000 views, 450 of
 * its 1,300 ms), from here they sit a hundred to a page.
 *
 * Kept by triggers on `events` (migrations 0022 and 0024), in the statement that inserts, updates or
 * deletes them: a projection, so it always equals its recomputation. No foreign key, as for events.
 */
export const keyedEvents = pgTable(
  "keyed_events",
  {
    orgId: uuid().notNull(),
    eventId: bigint({ mode: "number" }).notNull(),
    type: text().notNull(),
    timestamp: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    customerId: text(),
    anonymousId: text(),
    /** The customer the event counts for, kept as orders.resolved_customer_id is (db/schema/orders.ts). */
    resolvedCustomerId: text(),
    /** properties->>'checkoutId', 'orderId', 'kind', 'policy' and 'emailType', whatever the type. */
    checkoutId: text(),
    orderId: text(),
    surveyKind: text(),
    policy: text(),
    emailType: text(),
    /** properties->>'points' of loyalty.points_earned and loyalty.points_redeemed, as sent; null for other types. */
    points: text(),
    /** properties->>'context' of dpp.viewed; null for other types. */
    context: text(),
    /** properties->>'subscriptionId', 'mrr', 'currency' and 'effectiveAt' of the subscription events, as sent; null for other types. */
    subscriptionId: text(),
    mrr: text(),
    currency: text(),
    effectiveAt: text(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.eventId] }),
    index("keyed_events_org_type_timestamp_idx").on(t.orgId, t.type, t.timestamp),
    // Anonymous rows by anonymous id: the rows a new, moved or erased identity link re-resolves.
    index("keyed_events_org_guest_anonymous_idx").on(t.orgId, t.anonymousId).where(sql`${t.customerId} is null`),
  ],
);

/** A PostgreSQL datemultirange, as its text form ("{[2026-01-01,2026-01-03)}"); metrics only test it in SQL. */
const dateMultirange = customType<{ data: string }>({ dataType: () => "datemultirange" });
const timestampMultirange = customType<{ data: string }>({ dataType: () => "tstzmultirange" });

/**
 * Per identified customer, the local days of customer_activity_days as two multiranges: the days with a
 * customer-initiated event (`initiated > 0`) and those with a sustainability interaction. "Was this
 * customer active in [from, to)?" is then one `&&` per customer, where the days answered it by reading
 * every (customer, day) row of the span: the customer base B(to) of a 90-day period and the previous one
 * read a million day rows at 10 million events, against 135,000 rows here.
 *
 * `ordered` (migration 0025) holds the instants of the customer's live orders (not cancelled, counted for
 * this customer: orders.resolved_customer_id), each as a one-point range `[t, t]`: "alive through orders
 * at t" (an order in `[t - churn window, t)`) is `ordered && tstzrange(t - window, t)` and the first order
 * is `lower(ordered)`, so B(to) of long periods and new customers read one row per customer instead of
 * every order of the history (retention measured no faster this way and reads the orders). Points, not `[t, t + window)`: the churn window is a setting, and the row must not depend on it.
 *
 * Derived from customer_activity_days and orders only, lazily, like checkout_summaries: triggers on those
 * tables (migrations 0021 and 0025) name each customer whose days changed state or whose live orders changed
 * in activity_span_dirty, in the same transaction, and the first read after them recomputes those customers
 * from their days and orders (server/ingest/activity-spans.ts). So a read finds the spans equal to the days as its refresh left them;
 * a write that commits while the read runs is taken in by the next read (the answer cache keys each answer
 * to the data version read before it was computed, so it is not served past that write).
 */
export const customerActivitySpans = pgTable(
  "customer_activity_spans",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    customerId: text().notNull(),
    initiated: dateMultirange().notNull(),
    sustainability: dateMultirange().notNull(),
    ordered: timestampMultirange().notNull().default(sql`'{}'::tstzmultirange`),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.customerId] })],
);

/**
 * Customers whose activity spans must be recomputed before the next read. No key: the triggers of
 * concurrent batches naming the same customer must not wait on each other's uncommitted insert; the
 * reader takes every row and de-duplicates.
 */
export const activitySpanDirty = pgTable(
  "activity_span_dirty",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    orgId: uuid().notNull(),
    customerId: text().notNull(),
  },
  (t) => [index("activity_span_dirty_org_idx").on(t.orgId)],
);

/**
 * One row per visit session (metrics.md "Sessions") of the organisation's whole history: the session
 * key (`s` + sessionId, or `a` + actor + `#` + ordinal for an actor's views without one), the actor of
 * its first view (its owner) and that view's customer, when it started, how many views it holds and
 * whether an order converted it. Conversion, bounce and pages per session count these rows per period.
 *
 * Kept lazily: ingest and erasure only name what they touched in visit_session_dirty, and the first
 * read after them rebuilds the sessions of those actors and of every actor sharing a sessionId with
 * them (server/ingest/visit-sessions.ts), so the rows equal a recomputation from the events whenever
 * a metric reads them. Lazy because a session's owner, views and conversion can change with any view,
 * order, cancellation or identity link of any of its actors: doing that work in every ingest batch would
 * slow ingest for reads that may not come.
 */
export const visitSessions = pgTable(
  "visit_sessions",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    sessionKey: text().notNull(),
    actor: text().notNull(),
    customerId: text(),
    startedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    views: integer().notNull(),
    converted: boolean().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.sessionKey] }),
    // Every column a period's count reads, so that the count is an index-only scan: at 10 million
    // events 90 days and the previous 90 hold 1.2 million sessions, 3.5 s when each row is fetched.
    index("visit_sessions_org_started_covering_idx").on(t.orgId, t.startedAt, t.customerId, t.views, t.converted),
    index("visit_sessions_org_actor_idx").on(t.orgId, t.actor),
  ],
);

/**
 * What changed since visit_sessions was last brought up to date: customers (`c`), anonymous ids (`a`)
 * and sessionIds (`s`) whose sessions must be rebuilt before the next read. Written in the transaction
 * of the write that changed them; no foreign key, as for events (one more check per ingest batch).
 */
export const visitSessionDirty = pgTable(
  "visit_session_dirty",
  {
    orgId: uuid().notNull(),
    kind: text({ enum: ["c", "a", "s"] }).notNull(),
    key: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind, t.key] })],
);

/**
 * One row per checkout (metrics.md "Checkouts"; checkoutId with a checkout.started or a
 * cart.recovery_sent) of the whole history, what its definition needs from events that arrive in any
 * order: its first checkout.started
 * (time, and who sent it, resolved through identity links when read), its earliest completion (a
 * checkout.completed or an order carrying it, cancelled orders included), the steps viewed with it
 * (positions are taken from the organisation's step order when read, so a change of that setting
 * needs no rebuild) and its variant. The abandonment window, "pending" and segments are applied when
 * read. The checkout metrics read the checkouts of their periods' span from here, where they rebuilt
 * every checkout of the history from its events on each read (5-6 s per metric at 10 million events).
 * Its first cart.recovery_sent too (time, who it was sent to, nudge, channel): cart recovery counts the
 * checkouts whose first message falls in its periods (an index range on `recovery_at`), where it read
 * every message of the history. A checkout that was messaged but never started has a row without a
 * start, which the metrics that count checkouts by their start never read.
 *
 * Kept lazily like visit_sessions: ingest and erasure name the checkoutIds they touched in
 * checkout_summary_dirty, and the first read after them recomputes those checkouts from their events
 * (server/ingest/checkout-summaries.ts). A checkout depends only on the events and orders carrying
 * its id, so the names need no widening.
 */
export const checkoutSummaries = pgTable(
  "checkout_summaries",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    checkoutId: text().notNull(),
    /** Of the first checkout.started; null for a checkout that was only messaged. */
    startedAt: timestamp({ withTimezone: true, mode: "date" }),
    /** The first checkout.started's ids as sent (its customer, else its anonymous id). */
    customerId: text(),
    anonymousId: text(),
    completedAt: timestamp({ withTimezone: true, mode: "date" }),
    /** Distinct `step` values of its checkout.step_viewed events, sorted. */
    steps: text().array().notNull(),
    variant: text(),
    /** The first cart.recovery_sent with this checkoutId (by timestamp, then arrival): when, to whom as sent, its nudge and channel. */
    recoveryAt: timestamp({ withTimezone: true, mode: "date" }),
    recoveryCustomerId: text(),
    recoveryAnonymousId: text(),
    recoveryNudge: text(),
    recoveryChannel: text(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.checkoutId] }),
    index("checkout_summaries_org_started_idx").on(t.orgId, t.startedAt),
    index("checkout_summaries_org_recovery_idx").on(t.orgId, t.recoveryAt),
  ],
);

/** checkoutIds whose summary must be recomputed before the next read (as visit_session_dirty; no foreign key). */
export const checkoutSummaryDirty = pgTable(
  "checkout_summary_dirty",
  {
    orgId: uuid().notNull(),
    checkoutId: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.checkoutId] })],
);
