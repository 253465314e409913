import "server-only";
import { createReadStream } from "node:fs";
import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { organizations } from "@/db/schema";
import { checkQuota, describeRefusal } from "@/server/billing/quota";
import type { PeriodUsage } from "@/server/billing/usage";
import { ingestEvents } from "@/server/ingest/store";
import { formatById } from "./formats";
import {
  claimImportJob,
  findImportJob,
  finishImportJob,
  insertImportErrors,
  MAX_STORED_ERRORS,
  saveProgress,
  type ImportCounters,
  type ImportJob,
} from "./jobs";
import { importMappingSchema, mappingProblems, resolveMapping } from "./mapping";
import { readCsv } from "./reader";
import type { CsvEvent, MapperOutput } from "./rows";
import { CsvFileProblem } from "./sniff";

export const BATCH_SIZE = 500;
export const PROGRESS_INTERVAL_MS = 500;
const UNEXPECTED = "The import stopped because of an error on our side. Start it again: rows already imported are skipped.";

export interface ProcessImportOptions {
  filePath: string;
  /** Aborted by a cancel in this process; a cancel from elsewhere is seen at the next progress save. */
  signal?: AbortSignal;
  batchSize?: number;
  progressIntervalMs?: number;
  onProgress?: (counters: ImportCounters) => void;
}

/** The import was canceled: stop reading, keep what was imported. */
class Stopped extends Error {}

/**
 * Runs one queued import to its end: streams the file, maps rows to events, stores them through
 * ingestEvents in batches, records rejected rows by line and saves progress at most every
 * PROGRESS_INTERVAL_MS. Rejected rows never stop it; a problem of the whole file fails it with a
 * message for the admin. Returns the import as it ended (null if it vanished).
 */
export async function processImportJob(db: Database, orgId: string, importId: string, options: ProcessImportOptions): Promise<ImportJob | null> {
  const job = await claimImportJob(db, orgId, importId);
  if (!job) return findImportJob(db, orgId, importId);
  const counters: ImportCounters = { bytesRead: 0, rowsRead: 0, accepted: 0, duplicates: 0, rejected: 0 };
  try {
    await importRows(db, job, counters, options);
    return await finishImportJob(db, orgId, importId, { status: "succeeded", counters });
  } catch (error) {
    // Canceled: the status stays "canceled" and gets the final counters.
    if (error instanceof Stopped) return finishImportJob(db, orgId, importId, { status: "failed", counters, error: "The import was stopped before the end." });
    if (error instanceof CsvFileProblem) return finishImportJob(db, orgId, importId, { status: "failed", counters, error: error.message });
    console.error(`[imports] import ${importId} of organisation ${orgId} failed`, error);
    return finishImportJob(db, orgId, importId, { status: "failed", counters, error: UNEXPECTED });
  }
}

/**
 * An import stops where the organisation's event quota (plus its grace margin) runs out, saying so:
 * the rows before are kept, and the same file imported again later stores only the rest (each row's
 * event id is derived from its content: server/ingest/csv/event-ids.ts).
 */
async function stopIfOverQuota(db: Database, orgId: string, line: number): Promise<PeriodUsage | null> {
  const { refusal, usage } = await checkQuota(db, orgId);
  if (!refusal) return usage;
  const reason = describeRefusal(refusal);
  throw new CsvFileProblem("quota_exceeded", `Stopped before line ${line}: ${reason.charAt(0).toUpperCase()}${reason.slice(1)}. Import the same file again then: rows already imported are skipped.`);
}

async function importRows(db: Database, job: ImportJob, counters: ImportCounters, options: ProcessImportOptions): Promise<void> {
  const { orgId, id: importId } = job;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const interval = options.progressIntervalMs ?? PROGRESS_INTERVAL_MS;
  const [org] = await db
    .select({ id: organizations.id, currency: organizations.currency, timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!org) throw new Stopped();
  const parsed = importMappingSchema.safeParse(job.mapping);
  if (!parsed.success) {
    throw new CsvFileProblem("invalid_mapping", `The column choices of this import are not valid (${parsed.error.issues[0]!.message}). Start a new import.`);
  }
  const mapping = parsed.data;
  const format = formatById(mapping.format);

  const records = readCsv(createReadStream(options.filePath, { highWaterMark: 64 * 1024 }), {
    delimiter: mapping.delimiter,
    onBytes: (bytes) => (counters.bytesRead = bytes),
  });
  let storedErrors = 0;
  let errors: { line: number; code: string; message: string }[] = [];
  let batch: { line: number; event: CsvEvent }[] = [];
  const reject = (line: number, code: string, message: string) => {
    counters.rejected++;
    if (storedErrors < MAX_STORED_ERRORS) {
      storedErrors++;
      errors.push({ line, code, message });
    }
  };
  const take = (outputs: MapperOutput[]) => {
    for (const output of outputs) {
      if ("problem" in output) reject(output.line, output.problem.code, output.problem.message);
      else batch.push(output);
    }
  };
  const flush = async () => {
    if (batch.length) {
      const current = batch;
      batch = [];
      const usage = await stopIfOverQuota(db, orgId, current[0]!.line);
      const result = await ingestEvents(db, org, current.map((b) => b.event), { source: "csv", usage });
      counters.accepted += result.accepted;
      counters.duplicates += result.duplicates;
      for (const r of result.rejected) reject(current[r.index]!.line, r.code, r.message);
    }
    if (errors.length) {
      const current = errors;
      errors = [];
      await insertImportErrors(db, orgId, importId, current);
    }
  };
  let savedAt = Date.now();
  const saveIfDue = async () => {
    if (Date.now() - savedAt < interval) return;
    savedAt = Date.now();
    if (!(await saveProgress(db, orgId, importId, counters))) throw new Stopped();
    options.onProgress?.({ ...counters });
  };

  try {
    const first = await records.next();
    if (first.done) throw new CsvFileProblem("empty_file", "The file is empty: it has not even a header line.");
    const headers = first.value.cells.map((h) => h.trim());
    const problems = mappingProblems(format, mapping, headers);
    if (problems.length) throw new CsvFileProblem("columns", problems.join(" "));
    const mapper = format.createMapper({
      ...resolveMapping(mapping, headers),
      timestamps: { timeZone: mapping.timeZone ?? format.timeZone ?? org.timeZone, dateOrder: mapping.dateOrder },
      now: job.startedAt ?? new Date(),
    });

    for await (const record of records) {
      if (options.signal?.aborted) throw new Stopped();
      counters.rowsRead++;
      take(mapper.push(record.cells, record.line));
      if (batch.length >= batchSize || errors.length >= 1000) {
        await flush();
        await saveIfDue();
      } else if (counters.rowsRead % 256 === 0) {
        await saveIfDue();
      }
    }
    take(mapper.end());
    await flush();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new CsvFileProblem("missing_file", "The uploaded file is no longer on the server. Upload it again: rows already imported are skipped.");
    }
    throw error;
  } finally {
    await records.return(undefined);
  }
  options.onProgress?.({ ...counters });
}
