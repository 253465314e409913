import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Counters of rate-limiter-flexible's Drizzle store, used when RATE_LIMIT_STORE=database so that every
 * app instance on one PostgreSQL shares a budget. Keys are namespaced ("ingest:<key id>"), not tenant rows.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text().primaryKey(),
  points: integer().notNull(),
  expire: timestamp({ withTimezone: true, mode: "date" }),
});
