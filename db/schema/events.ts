import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * Every accepted event, append-only. The idempotency key lives in event_message_ids rather than in a
 * unique index here, so that this table can be range-partitioned by `timestamp` without the
 * uniqueness rule needing the partition key.
 */
export const events = pgTable(
  "events",
  {
    // No foreign key, on purpose: its check costs a lookup per inserted row, about a sixth of ingest
    // time (bench:store). deleteOrganization deletes an organisation's events itself.
    orgId: uuid().notNull(),
    /** Arrival order within the whole database; breaks timestamp ties ("ties broken by arrival"). */
    id: bigserial({ mode: "number" }).notNull(),
    messageId: text().notNull(),
    type: text().notNull(),
    /** True for well-formed types that are not in the taxonomy. */
    custom: boolean().notNull().default(false),
    customerId: text(),
    anonymousId: text(),
    sessionId: text(),
    timestamp: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    receivedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    properties: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Where it came from: api, segment, csv:<import id>, survey, demo. */
    source: text().notNull().default("api"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("events_org_timestamp_idx").on(t.orgId, t.timestamp),
    index("events_org_type_timestamp_idx").on(t.orgId, t.type, t.timestamp),
    index("events_org_customer_timestamp_idx").on(t.orgId, t.customerId, t.timestamp).where(sql`${t.customerId} is not null`),
    index("events_org_anonymous_timestamp_idx").on(t.orgId, t.anonymousId, t.timestamp).where(sql`${t.anonymousId} is not null`),
    // Every actor who shared a sessionId: what keeping visit_sessions up to date looks up.
    index("events_org_session_idx").on(t.orgId, t.sessionId).where(sql`${t.sessionId} is not null`),
    // The events of a checkout: what keeping checkout_summaries up to date looks up (its types: checkout-summaries.ts).
    index("events_org_checkout_idx")
      .on(t.orgId, sql`(${t.properties} ->> 'checkoutId')`)
      .where(sql`${t.type} in ('checkout.started', 'checkout.step_viewed', 'checkout.completed', 'cart.recovery_sent')`),
  ],
);

/** Client message ids already seen: the same id twice for one organisation is stored once. */
export const eventMessageIds = pgTable(
  "event_message_ids",
  {
    // No foreign key, like events (and deleted with them).
    orgId: uuid().notNull(),
    messageId: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.messageId] })],
);

/**
 * anonymousId -> customerId. The link with the earliest event timestamp wins (ties: the first to
 * arrive); other customers claiming the same anonymous id are counted in `conflicts`, not applied.
 */
export const identityLinks = pgTable(
  "identity_links",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    anonymousId: text().notNull(),
    customerId: text().notNull(),
    linkedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    conflicts: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.anonymousId] }), index("identity_links_org_customer_idx").on(t.orgId, t.customerId)],
);

/** Per organisation: Segment track names mapped to taxonomy types (settings page). */
export const trackMappings = pgTable(
  "track_mappings",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    trackName: text().notNull(),
    type: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.trackName] })],
);

export type EventRow = typeof events.$inferSelect;
