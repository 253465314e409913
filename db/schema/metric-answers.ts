import { bigint, index, json, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { organizations } from "./organizations";

/**
 * A counter per organisation that moves with every transaction that changes the data its metrics are
 * computed from (events, customers, identity links, orders, refunds, cancellations, exchange rates).
 * Kept by triggers on those tables (migration 0016), not by the code that writes them: a write path
 * that forgot to count would let the answer cache serve answers of data that is gone. The increment is
 * made as the transaction commits (through metric_data_change_marks), and rolls back with it.
 */
export const metricDataVersions = pgTable("metric_data_versions", {
  orgId: uuid()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  version: bigint({ mode: "number" }).notNull(),
  changedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
});

/**
 * (organisation, transaction) pairs of the transactions that changed metric data and have not committed
 * yet: each changing statement marks its transaction (a key of its own, so concurrent writers never
 * wait for each other here), and the mark's deferred trigger moves metric_data_versions as the
 * transaction commits and deletes the mark. Empty between transactions. No foreign key: a mark of an
 * organisation being deleted is simply dropped.
 */
export const metricDataChangeMarks = pgTable(
  "metric_data_change_marks",
  {
    orgId: uuid().notNull(),
    tx: bigint({ mode: "number" }).notNull(),
    /**
     * The earliest instant the transaction's changes so far can affect: an answer that reads nothing at or
     * after it is unchanged by them ('-infinity': anything; 'infinity': nothing a metric reads).
     */
    earliestAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    /** Anonymous ids the transaction linked: their first event is asked at commit, when concurrent batches have landed. */
    linkedAnonymousIds: text().array(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.tx] })],
);

/**
 * One row per committed change of metric data (per data version): how far back in time it reached.
 * A kept answer whose horizon is at or before every `earliestAt` since its version is still the answer
 * (server/metrics/answer-cache.ts). The last 100,000 of each organisation are kept (the commit trigger drops
 * the one that falls out); an answer kept further back than that is computed again.
 */
export const metricDataChanges = pgTable(
  "metric_data_changes",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    version: bigint({ mode: "number" }).notNull(),
    earliestAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    changedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.version] })],
);

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
    /**
     * The latest instant the answer reads data at (the period's end, plus the outcome window its cases
     * are judged over); null: unbounded, so any change of data may change it.
     */
    horizon: timestamp({ withTimezone: true, mode: "date" }),
    // json, not jsonb: the answer comes back as it was written, keys in their order.
    answer: json().notNull(),
    computedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.fingerprint] }), index("metric_answers_org_version_idx").on(t.orgId, t.dataVersion)],
);
