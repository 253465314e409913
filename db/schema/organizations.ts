import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { ROLES } from "../../lib/permissions";
import { INDUSTRIES } from "../../lib/organization-options";
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
