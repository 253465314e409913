import { bigint, date, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Segment } from "../../lib/metrics/segment";
import type { WidgetTheme } from "../../lib/widgets/options";
import { createdAt, updatedAt } from "./columns";
import { organizations } from "./organizations";
import { users } from "./auth";

/**
 * A widget: metrics, a view, a period and a theme, with filters locked in (a client's customers only)
 * and the few parameters a viewer may change. Shown on other sites through a share token or a JWT the
 * merchant's server signs; either way it shows what it was made for and nothing more.
 */
export const widgets = pgTable(
  "widgets",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    metricKeys: text().array().notNull(),
    view: text().notNull(),
    range: text().notNull(),
    interval: text(),
    theme: jsonb().$type<WidgetTheme>().notNull(),
    /** Always applied; a signed token may narrow it further, never widen it. */
    lockedSegment: jsonb().$type<Segment>(),
    /** Which parameters a viewer may set in the embed URL ("range", "interval"). */
    viewerParams: text().array().notNull().default([]),
    /** Origins allowed to frame the widget through signed embedding (share tokens carry their own). */
    signedOrigins: text().array().notNull().default([]),
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex("widgets_id_idx").on(t.id), index("widgets_org_created_idx").on(t.orgId, t.createdAt)],
);

/** A revocable link to one widget, with an optional expiry and the sites that may frame it. */
export const widgetShareTokens = pgTable(
  "widget_share_tokens",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    widgetId: uuid().notNull(),
    /** SHA-256 of the token; the token itself is shown once. Looked up before the organisation is known. */
    tokenHash: text().notNull().unique(),
    displayPrefix: text().notNull(),
    /** Origins ("https://portal.example.com") allowed to frame the widget; empty: none. */
    allowedOrigins: text().array().notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }),
    revokedAt: timestamp({ withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("widget_share_tokens_org_widget_idx").on(t.orgId, t.widgetId)],
);

/**
 * The organisation's secret for signed embedding (HS256). It must be readable to check signatures, so
 * it is kept encrypted (AES-256-GCM under a key derived from AUTH_SECRET), shown once, and rotated by
 * replacing it: tokens signed with the old one stop working at once.
 */
export const embedSecrets = pgTable("embed_secrets", {
  orgId: uuid()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  encryptedSecret: text().notNull(),
  displayPrefix: text().notNull(),
  rotatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** Views per widget and day (UTC), counted as they are served. */
export const widgetViews = pgTable(
  "widget_views",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    widgetId: uuid().notNull(),
    day: date().notNull(),
    views: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.widgetId, t.day] })],
);
