import { bigint, boolean, date, index, integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { ROLES } from "../../lib/permissions";
import { INDUSTRIES } from "../../lib/organization-options";
import { DEFAULT_CHECKOUT_STEPS } from "../../lib/events/checkout-steps";
import { createdAt, updatedAt } from "./columns";
import { users } from "./auth";

export const memberRole = pgEnum("member_role", ROLES);
export const industry = pgEnum("industry", INDUSTRIES);

export const organizations = pgTable("organizations", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  /** ISO-4217; money metrics are reported in it. */
  currency: text().notNull().default("EUR"),
  /** IANA zone; days, weeks and months are cut in it. */
  timeZone: text().notNull().default("UTC"),
  industry: industry().notNull().default("ecommerce"),
  // Settings the metric definitions read (metrics.md): the churn window W, the abandonment window,
  // the checkout step order, the cost of one support contact (minor units of `currency`), the CLV
  // lifespan override and the A/B control variant (null: the variant with the most checkouts).
  churnWindowDays: integer().notNull().default(180),
  abandonmentWindowHours: integer().notNull().default(24),
  checkoutSteps: text().array().notNull().default([...DEFAULT_CHECKOUT_STEPS]),
  supportContactCostMinor: bigint({ mode: "number" }),
  clvLifespanYears: numeric({ precision: 6, scale: 2 }),
  controlVariant: text(),
  /**
   * True while customer_activity_days does not hold this organisation's events (data that predates
   * the rollup): metrics then read raw events only, and start-up rebuilds it (server/ingest/activity-days.ts).
   */
  activityDaysStale: boolean().notNull().default(false),
  /** The same for visit_sessions (server/ingest/visit-sessions.ts). */
  visitSessionsStale: boolean().notNull().default(false),
  /** The same for checkout_summaries (server/ingest/checkout-summaries.ts). */
  checkoutSummariesStale: boolean().notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const memberships = pgTable(
  "memberships",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: memberRole().notNull(),
    /** SHA-256 of the token in the link. */
    tokenHash: text().notNull().unique(),
    invitedByUserId: text().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    acceptedAt: timestamp({ withTimezone: true, mode: "date" }),
    acceptedByUserId: text().references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("invitations_org_created_idx").on(t.orgId, t.createdAt),
    // One open invitation per address and organisation; re-inviting replaces it.
    uniqueIndex("invitations_org_open_email_unique")
      .on(t.orgId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);

/**
 * Conversion into the organisation's currency (events.md): one unit of `currency` is worth `rate`
 * units of the organisation's currency from `effectiveOn` (a local date) until the next rate.
 */
export const exchangeRates = pgTable(
  "exchange_rates",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    currency: text().notNull(),
    effectiveOn: date({ mode: "string" }).notNull(),
    rate: numeric({ precision: 20, scale: 10 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.currency, t.effectiveOn] })],
);
