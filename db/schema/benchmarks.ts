import { numeric, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { updatedAt } from "./columns";
import { organizations } from "./organizations";

/**
 * What "good" means for one metric of one organisation: a target and a warning threshold, both in
 * the metric's unit. The direction (higher or lower is better) is the catalog's, never stored here,
 * so a target cannot disagree with its metric.
 */
export const metricTargets = pgTable(
  "metric_targets",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    metricKey: text().notNull(),
    target: numeric({ precision: 14, scale: 4 }).notNull(),
    warning: numeric({ precision: 14, scale: 4 }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.metricKey] })],
);
