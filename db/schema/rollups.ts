import { date, index, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * One row per identified customer and local day (the organisation's time zone) with something in
 * it: how many customer-initiated events, sustainability interactions and lifecycle events the
 * customer did that day (metrics.md "Shared definitions"), after identity stitching and without the
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
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.customerId] }), index("customer_activity_days_org_customer_idx").on(t.orgId, t.customerId, t.day)],
);
