import { bigint, index, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { organizations } from "./organizations";

/**
 * A survey an organisation runs through Aftercart's public pages. Its answers are survey.responded
 * events with `surveyId` = this id, so they feed NPS, CES, CSAT, exit reasons and DPP feedback like any
 * other answer.
 */
export const surveys = pgTable(
  "surveys",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    /** For the team: which survey this is ("Post-delivery NPS"). Respondents never see it. */
    name: text().notNull(),
    question: text().notNull(),
    /** Asked under the score (or the reasons), with a free-text answer. */
    followUp: text(),
    /** The reasons an exit survey offers, in order; empty for the other kinds. */
    reasons: text().array().notNull().default([]),
    accentColor: text().notNull().default("#17734f"),
    /**
     * The anonymous link's token: 128 random bits. It is meant to be published (emails, portals), so
     * it is kept readable to show the link again; it grants answering, never reading.
     */
    publicToken: text().notNull(),
    /**
     * Leads every per-recipient link instead of the public token: a recipient who cuts the signed
     * part off their link holds no anonymous link, and cannot answer again and again without it.
     */
    recipientToken: text().notNull(),
    /** Signs per-recipient links (HMAC-SHA256); never leaves the server. */
    signingSecret: text().notNull(),
    closedAt: timestamp({ withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("surveys_org_created_idx").on(t.orgId, t.createdAt),
    // The public page finds its survey from the link alone: the indexes not led by org_id.
    uniqueIndex("surveys_public_token_idx").on(t.publicToken),
    uniqueIndex("surveys_recipient_token_idx").on(t.recipientToken),
  ],
);

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
  (t) => [
    primaryKey({ columns: [t.orgId, t.eventId] }),
    index("survey_responses_org_kind_time_idx").on(t.orgId, t.kind, t.respondedAt),
    // A survey's responses page, and the earlier answer a recipient's new one replaces.
    index("survey_responses_org_survey_idx").on(t.orgId, t.surveyId, t.respondedAt),
  ],
);
