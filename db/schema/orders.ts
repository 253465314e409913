import { sql } from "drizzle-orm";
import { bigint, boolean, index, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * One row per orderId (the first `order.placed` wins; later ones are duplicates). Money is integer
 * minor units of the order's own currency; conversion to the organisation's currency happens when
 * metrics read it, with the exchange-rate table.
 */
export const orders = pgTable(
  "orders",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    orderId: text().notNull(),
    /** The events row of the order.placed that created it. */
    eventId: bigint({ mode: "number" }).notNull(),
    customerId: text(),
    anonymousId: text(),
    /**
     * The customer the order counts for (server/customers/identity.ts): `customerId`, else the customer
     * `anonymousId` is linked to, else null. Kept by triggers on orders and identity_links (migration 0023)
     * and, where an order and its link arrive side by side, by ingest after its anonymous-id locks
     * (server/ingest/resolved-customers.ts). Metrics read it instead of joining every order to the
     * organisation's identity links in each statement.
     */
    resolvedCustomerId: text(),
    placedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    currency: text().notNull(),
    totalMinor: bigint({ mode: "number" }).notNull(),
    discountMinor: bigint({ mode: "number" }),
    shippingMinor: bigint({ mode: "number" }),
    taxMinor: bigint({ mode: "number" }),
    /** `sustainable` on the order or on any item. */
    sustainable: boolean().notNull().default(false),
    coupon: text(),
    checkoutId: text(),
    items: jsonb().$type<unknown[]>(),
    /** Sum of the refunds applied so far, each capped at what was left. */
    refundedMinor: bigint({ mode: "number" }).notNull().default(0),
    /** Set by order.canceled, whenever it arrives: the order then counts in no order metric. */
    canceledAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.orderId] }),
    index("orders_org_placed_idx").on(t.orgId, t.placedAt),
    index("orders_org_customer_idx").on(t.orgId, t.customerId, t.placedAt).where(sql`${t.customerId} is not null`),
    // Guest orders by anonymous id: the orders a new or erased identity link re-resolves.
    index("orders_org_guest_anonymous_idx").on(t.orgId, t.anonymousId).where(sql`${t.customerId} is null`),
    index("orders_org_checkout_idx").on(t.orgId, t.checkoutId).where(sql`${t.checkoutId} is not null`),
    // Each customer's live orders: what customer_activity_spans.ordered is recomputed from for the customers a read refreshes.
    index("orders_org_resolved_live_idx")
      .on(t.orgId, t.resolvedCustomerId, t.placedAt)
      .where(sql`${t.canceledAt} is null and ${t.resolvedCustomerId} is not null`),
  ],
);

/**
 * Every order.refunded, kept even before its order arrives. `amount` is in the order's currency,
 * major units, as sent (null: whatever is left). `appliedMinor` is recomputed for the whole order
 * whenever a refund or the order itself arrives, in timestamp order, so caps never depend on arrival.
 */
export const orderRefunds = pgTable(
  "order_refunds",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    eventId: bigint({ mode: "number" }).notNull(),
    orderId: text().notNull(),
    refundedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    amount: numeric({ precision: 20, scale: 6 }),
    appliedMinor: bigint({ mode: "number" }),
    reason: text(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.eventId] }), index("order_refunds_org_order_idx").on(t.orgId, t.orderId)],
);

/** The first order.canceled per order, kept even before the order arrives. */
export const orderCancellations = pgTable(
  "order_cancellations",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    orderId: text().notNull(),
    canceledAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    reason: text(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.orderId] })],
);

