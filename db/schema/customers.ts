import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { organizations } from "./organizations";

/**
 * One row per merchant customer id. Traits merge per key, the value with the latest event timestamp
 * winning; `traitTimestamps` keeps that timestamp per key so late-arriving older values lose.
 */
export const customers = pgTable(
  "customers",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    customerId: text().notNull(),
    traits: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    traitTimestamps: jsonb().$type<Record<string, string>>().notNull().default({}),
    firstSeenAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.customerId] })],
);
