import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { organizations } from "./organizations";
import { users } from "./auth";

/** ingest: write-only, safe in a browser (`ac_pub_…`); secret: read, export, erase (`ac_sec_…`). */
export const apiKeyKind = pgEnum("api_key_kind", ["ingest", "secret"]);

export const apiKeys = pgTable(
  "api_keys",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    kind: apiKeyKind().notNull(),
    name: text().notNull(),
    /** The first characters of the key, shown in lists so people can tell keys apart. */
    displayPrefix: text().notNull(),
    /** SHA-256 of the whole key. Looked up before the organisation is known, hence unique on its own. */
    tokenHash: text().notNull().unique(),
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true, mode: "date" }),
    revokedAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("api_keys_org_created_idx").on(t.orgId, t.createdAt)],
);
