import { bigint, index, json, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { organizations } from "./organizations";

/**
 * A counter per organisation that moves with every change to the data its metrics are computed from
 * (events, customers, identity links, orders, refunds, cancellations, exchange rates). Kept by
 * statement-level triggers on those tables (migration 0016), not by the code that writes them: a
 * write path that forgot to count would let the answer cache serve answers of data that is gone. A
 * write's increment commits or rolls back with the write.
 */
export const metricDataVersions = pgTable("metric_data_versions", {
  orgId: uuid()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  version: bigint({ mode: "number" }).notNull(),
  changedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
});

/**
 * Answers computed by the metric engine, kept while they are still the answer
 * (server/metrics/answer-cache.ts): one row per organisation and fingerprint (the release, the
 * metric, the period, interval, segment, comparison and the settings the definitions read), valid for
 * the data version it was computed at, from the "now" it was computed for (`asOf`) until the next
 * outcome window ends (`validUntil`; null: no case of the organisation is pending).
 */
export const metricAnswers = pgTable(
  "metric_answers",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    fingerprint: text().notNull(),
    dataVersion: bigint({ mode: "number" }).notNull(),
    asOf: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    validUntil: timestamp({ withTimezone: true, mode: "date" }),
    // json, not jsonb: the answer comes back as it was written, keys in their order.
    answer: json().notNull(),
    computedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.fingerprint] }), index("metric_answers_org_version_idx").on(t.orgId, t.dataVersion)],
);
