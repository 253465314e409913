import "server-only";
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { importErrors, importJobs, users } from "@/db/schema";
import { conflict, notFound } from "@/server/errors";
import { recordAudit, type Actor } from "@/server/services/audit";
import type { ImportMapping } from "./mapping";
import type { ImportKind } from "./formats";

export type ImportJob = typeof importJobs.$inferSelect;
export type ImportStatus = ImportJob["status"];

/** Stored errors per import; counts stay exact beyond it, the download says how many more there were. */
export const MAX_STORED_ERRORS = 10_000;

export const ABANDONED_MESSAGE = "The server stopped during the import. Start it again: rows already imported are skipped.";

export interface ImportCounters {
  bytesRead: number;
  rowsRead: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

export interface NewImportJob {
  id: string;
  kind: ImportKind;
  fileName: string;
  fileBytes: number;
  mapping: ImportMapping;
}

export async function createImportJob(db: Executor, actor: Actor, orgId: string, job: NewImportJob): Promise<ImportJob> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(importJobs)
      .values({ orgId, id: job.id, kind: job.kind, fileName: job.fileName, fileBytes: job.fileBytes, mapping: job.mapping, createdByUserId: actor.userId })
      .returning();
    await recordAudit(tx, {
      orgId,
      actor,
      action: "import.started",
      targetType: "import",
      targetId: job.id,
      after: { file: job.fileName, format: job.mapping.format, bytes: job.fileBytes },
    });
    return row!;
  });
}

const listColumns = {
  id: importJobs.id,
  kind: importJobs.kind,
  status: importJobs.status,
  fileName: importJobs.fileName,
  fileBytes: importJobs.fileBytes,
  mapping: importJobs.mapping,
  bytesRead: importJobs.bytesRead,
  rowsRead: importJobs.rowsRead,
  accepted: importJobs.accepted,
  duplicates: importJobs.duplicates,
  rejected: importJobs.rejected,
  error: importJobs.error,
  createdAt: importJobs.createdAt,
  startedAt: importJobs.startedAt,
  finishedAt: importJobs.finishedAt,
  createdBy: sql<string | null>`coalesce(${users.name}, ${users.email})`,
};

export type ImportJobView = Awaited<ReturnType<typeof listImportJobs>>[number];

export async function listImportJobs(db: Executor, orgId: string, limit = 50) {
  return db
    .select(listColumns)
    .from(importJobs)
    .leftJoin(users, eq(users.id, importJobs.createdByUserId))
    .where(eq(importJobs.orgId, orgId))
    .orderBy(desc(importJobs.createdAt))
    .limit(limit);
}

export async function findImportJob(db: Executor, orgId: string, importId: string): Promise<ImportJob | null> {
  const [row] = await db.select().from(importJobs).where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, importId)));
  return row ?? null;
}

/** One import with its first stored errors, for the progress view. */
export async function getImportJob(db: Executor, orgId: string, importId: string, errorLimit = 20) {
  const [job] = await db
    .select(listColumns)
    .from(importJobs)
    .leftJoin(users, eq(users.id, importJobs.createdByUserId))
    .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, importId)));
  if (!job) throw notFound("Import");
  const [stored] = await db
    .select({ n: count() })
    .from(importErrors)
    .where(and(eq(importErrors.orgId, orgId), eq(importErrors.importId, importId)));
  const errors = await db
    .select({ line: importErrors.line, code: importErrors.code, message: importErrors.message })
    .from(importErrors)
    .where(and(eq(importErrors.orgId, orgId), eq(importErrors.importId, importId)))
    .orderBy(asc(importErrors.line), asc(importErrors.id))
    .limit(errorLimit);
  return { ...job, storedErrors: stored?.n ?? 0, errors };
}

/** Stops a queued or running import; what was imported stays. */
export async function cancelImportJob(db: Executor, actor: Actor, orgId: string, importId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(importJobs)
      .set({ status: "canceled", finishedAt: new Date() })
      .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, importId), inArray(importJobs.status, ["queued", "running"])))
      .returning({ fileName: importJobs.fileName });
    if (!row) {
      if (!(await findImportJob(tx, orgId, importId))) throw notFound("Import");
      throw conflict("This import has already finished.");
    }
    await recordAudit(tx, { orgId, actor, action: "import.canceled", targetType: "import", targetId: importId, before: { file: row.fileName } });
  });
}

/** Queues a failed or canceled import again from its kept file; counters and errors start afresh. */
export async function requeueImportJob(db: Executor, actor: Actor, orgId: string, importId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(importJobs)
      .set({ status: "queued", bytesRead: 0, rowsRead: 0, accepted: 0, duplicates: 0, rejected: 0, error: null, startedAt: null, finishedAt: null })
      .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, importId), inArray(importJobs.status, ["failed", "canceled"])))
      .returning({ fileName: importJobs.fileName });
    if (!row) {
      if (!(await findImportJob(tx, orgId, importId))) throw notFound("Import");
      throw conflict("Only a failed or canceled import can be started again.");
    }
    await tx.delete(importErrors).where(and(eq(importErrors.orgId, orgId), eq(importErrors.importId, importId)));
    await recordAudit(tx, { orgId, actor, action: "import.restarted", targetType: "import", targetId: importId, after: { file: row.fileName } });
  });
}

/** queued -> running; null when the import is no longer queued (canceled meanwhile). */
export async function claimImportJob(db: Executor, orgId: string, importId: string): Promise<ImportJob | null> {
  const [row] = await db
    .update(importJobs)
    .set({ status: "running", startedAt: new Date() })
    .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, importId), eq(importJobs.status, "queued")))
    .returning();
  return row ?? null;
}

/** Saves the counters of a running import; false when it is no longer running (canceled). */
export async function saveProgress(db: Executor, orgId: string, importId: string, counters: ImportCounters): Promise<boolean> {
  const rows = await db
    .update(importJobs)
    .set(counters)
    .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, importId), eq(importJobs.status, "running")))
    .returning({ id: importJobs.id });
  return rows.length > 0;
}

/**
 * Records how an import ended. A canceled import keeps its status and gets its final counters; a
 * running one becomes `status`.
 */
export async function finishImportJob(
  db: Executor,
  orgId: string,
  importId: string,
  outcome: { status: "succeeded" | "failed"; counters: ImportCounters; error?: string },
): Promise<ImportJob | null> {
  const where = and(eq(importJobs.orgId, orgId), eq(importJobs.id, importId));
  const [finished] = await db
    .update(importJobs)
    .set({ ...outcome.counters, status: outcome.status, error: outcome.error ?? null, finishedAt: new Date() })
    .where(and(where, eq(importJobs.status, "running")))
    .returning();
  if (finished) return finished;
  const [canceled] = await db
    .update(importJobs)
    .set({ ...outcome.counters, finishedAt: new Date() })
    .where(and(where, eq(importJobs.status, "canceled")))
    .returning();
  return canceled ?? null;
}

export async function insertImportErrors(db: Executor, orgId: string, importId: string, rows: { line: number; code: string; message: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(importErrors).values(rows.slice(i, i + 1000).map((r) => ({ orgId, importId, line: r.line, code: r.code, message: r.message.slice(0, 1000) })));
  }
}

/** Stored errors after `after` (line, id), in file order: the download reads them page by page. */
export async function importErrorsPage(db: Executor, orgId: string, importId: string, after: { line: number; id: number } | null, limit = 1000) {
  const cursor = after ? sql`(${importErrors.line}, ${importErrors.id}) > (${after.line}, ${after.id})` : undefined;
  return db
    .select({ id: importErrors.id, line: importErrors.line, code: importErrors.code, message: importErrors.message })
    .from(importErrors)
    .where(and(eq(importErrors.orgId, orgId), eq(importErrors.importId, importId), cursor))
    .orderBy(asc(importErrors.line), asc(importErrors.id))
    .limit(limit);
}

/**
 * After a restart of the server process: imports it was running are failed with a message that
 * says what to do. Returns the queued ones, which the new process picks up.
 */
export async function recoverImportJobs(db: Executor): Promise<{ failed: number; queued: { orgId: string; id: string }[] }> {
  const failed = await db
    .update(importJobs)
    .set({ status: "failed", error: ABANDONED_MESSAGE, finishedAt: new Date() })
    .where(eq(importJobs.status, "running"))
    .returning({ id: importJobs.id });
  const queued = await db
    .select({ orgId: importJobs.orgId, id: importJobs.id })
    .from(importJobs)
    .where(eq(importJobs.status, "queued"))
    .orderBy(asc(importJobs.createdAt));
  return { failed: failed.length, queued };
}

export function isActive(status: ImportStatus): boolean {
  return status === "queued" || status === "running";
}
