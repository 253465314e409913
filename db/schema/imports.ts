import { bigserial, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { organizations } from "./organizations";
import { users } from "./auth";

export const importKind = pgEnum("import_kind", ["customers", "orders", "events"]);
export const importStatus = pgEnum("import_status", ["queued", "running", "succeeded", "failed", "canceled"]);

/** A CSV import: its mapping, progress and outcome. Rows are ingested in batches as the file streams. */
export const importJobs = pgTable(
  "import_jobs",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    kind: importKind().notNull(),
    status: importStatus().notNull().default("queued"),
    fileName: text().notNull(),
    fileBytes: integer().notNull().default(0),
    /** Column mapping (target field -> CSV header) and the preset used, if any. */
    mapping: jsonb().$type<Record<string, unknown>>().notNull(),
    bytesRead: integer().notNull().default(0),
    rowsRead: integer().notNull().default(0),
    accepted: integer().notNull().default(0),
    duplicates: integer().notNull().default(0),
    rejected: integer().notNull().default(0),
    error: text(),
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    startedAt: timestamp({ withTimezone: true, mode: "date" }),
    finishedAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("import_jobs_org_created_idx").on(t.orgId, t.createdAt)],
);

/** Rejected rows of an import, by line number of the file (1 = the header). Downloadable as CSV. */
export const importErrors = pgTable(
  "import_errors",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: bigserial({ mode: "number" }).notNull(),
    importId: uuid().notNull(),
    line: integer().notNull(),
    code: text().notNull(),
    message: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("import_errors_org_import_line_idx").on(t.orgId, t.importId, t.line)],
);
