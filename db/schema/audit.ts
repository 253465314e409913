import { bigserial, index, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { organizations } from "./organizations";
import { users } from "./auth";

/** Who changed what, when, with the state before and after. Written only by server/services/audit.ts. */
export const auditLogs = pgTable(
  "audit_logs",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: bigserial({ mode: "number" }).notNull(),
    actorUserId: text().references(() => users.id, { onDelete: "set null" }),
    /** Readable actor kept even after the user is deleted: an email, "cli" or "api key …". */
    actorLabel: text().notNull(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    before: jsonb(),
    after: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("audit_logs_org_created_idx").on(t.orgId, t.createdAt.desc(), t.id.desc()),
    index("audit_logs_org_action_idx").on(t.orgId, t.action),
  ],
);
