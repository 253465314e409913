import { bigint, index, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/** One row per survey.responded event (API, Segment, CSV or the public survey pages). */
export const surveyResponses = pgTable(
  "survey_responses",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    eventId: bigint({ mode: "number" }).notNull(),
    kind: text().notNull(),
    score: numeric({ precision: 6, scale: 2 }),
    surveyId: text(),
    reason: text(),
    comment: text(),
    checkoutId: text(),
    customerId: text(),
    anonymousId: text(),
    respondedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.eventId] }), index("survey_responses_org_kind_time_idx").on(t.orgId, t.kind, t.respondedAt)],
);
