import "server-only";
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { auditLogs, users } from "@/db/schema";
import type { Executor } from "@/db";

export interface Actor {
  userId: string | null;
  /** What the log shows for the actor: an email, "cli", or later "api key …". */
  label: string;
}

export interface AuditEntry {
  orgId: string;
  actor: Actor;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * The one writer of the audit log. Call it inside the transaction that makes the change, so the
 * change and its record commit together or not at all.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLogs).values({
    orgId: entry.orgId,
    actorUserId: entry.actor.userId,
    actorLabel: entry.actor.label,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export interface AuditListFilter {
  action?: string;
  actorUserId?: string;
  targetType?: string;
  /** Keyset cursor: the id of the last row of the previous page. */
  cursor?: number;
  limit: number;
}

export async function listAudit(db: Executor, orgId: string, filter: AuditListFilter) {
  const conditions: SQL[] = [eq(auditLogs.orgId, orgId)];
  if (filter.action) conditions.push(eq(auditLogs.action, filter.action));
  if (filter.actorUserId) conditions.push(eq(auditLogs.actorUserId, filter.actorUserId));
  if (filter.targetType) conditions.push(eq(auditLogs.targetType, filter.targetType));
  if (filter.cursor !== undefined) conditions.push(lt(auditLogs.id, filter.cursor));
  const rows = await db
    .select({
      id: auditLogs.id,
      action: auditLogs.action,
      targetType: auditLogs.targetType,
      targetId: auditLogs.targetId,
      before: auditLogs.before,
      after: auditLogs.after,
      createdAt: auditLogs.createdAt,
      actorLabel: auditLogs.actorLabel,
      actorUserId: auditLogs.actorUserId,
      actorName: users.name,
    })
    .from(auditLogs)
    .leftJoin(users, eq(users.id, auditLogs.actorUserId))
    .where(and(...conditions))
    // ids grow with time within an organisation, so ordering by id is ordering by time.
    .orderBy(desc(auditLogs.id))
    .limit(filter.limit + 1);
  const hasMore = rows.length > filter.limit;
  const items = hasMore ? rows.slice(0, filter.limit) : rows;
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}

/** The distinct actions and actors seen in an organisation's log, for the filter menus. */
export async function auditFilterOptions(db: Executor, orgId: string) {
  const actions = await db
    .selectDistinct({ action: auditLogs.action })
    .from(auditLogs)
    .where(eq(auditLogs.orgId, orgId))
    .orderBy(auditLogs.action);
  const actors = await db
    .selectDistinct({ userId: auditLogs.actorUserId, label: auditLogs.actorLabel })
    .from(auditLogs)
    .where(eq(auditLogs.orgId, orgId))
    .orderBy(auditLogs.actorLabel);
  return {
    actions: actions.map((a) => a.action),
    actors: actors.flatMap((a) => (a.userId ? [{ userId: a.userId, label: a.label }] : [])),
  };
}
