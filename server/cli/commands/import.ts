import { randomUUID } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Database, Executor } from "@/db";
import { organizations } from "@/db/schema";
import { badRequest, DomainError, notFound } from "@/server/errors";
import { autoMap } from "@/server/ingest/csv/fields";
import { FORMAT_IDS, formatById, IMPORT_KINDS, type FormatId } from "@/server/ingest/csv/formats";
import { createImportJob, getImportJob, type ImportCounters } from "@/server/ingest/csv/jobs";
import { importMappingSchema } from "@/server/ingest/csv/mapping";
import { processImportJob } from "@/server/ingest/csv/process";
import { readCsv } from "@/server/ingest/csv/reader";
import { CsvFileProblem } from "@/server/ingest/csv/sniff";
import type { CommandSpec } from "../command";

export interface ImportArgs {
  org: string;
  kind: string;
  file: string;
  preset?: string;
  map?: string;
  timeZone?: string;
  dateOrder?: string;
}

const PRESETS = FORMAT_IDS.filter((id) => formatById(id).preset);
const PROGRESS_EVERY_MS = 3000;

/** "orderId=Order No,total=Grand Total" -> {orderId: "Order No", total: "Grand Total"}. */
export function parseMapFlag(value: string | undefined): Record<string, string> {
  if (!value) return {};
  const columns: Record<string, string> = {};
  for (const pair of value.split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0 || at === pair.length - 1) throw badRequest(`--map takes field=Column pairs separated by commas; "${pair}" is not one.`, "map");
    columns[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return columns;
}

/** Only the first line of the file: the headers the automatic mapping reads. */
async function headersOf(file: string): Promise<string[]> {
  const { createReadStream } = await import("node:fs");
  const records = readCsv(createReadStream(file));
  try {
    const first = await records.next();
    return first.done ? [] : first.value.cells.map((h) => h.trim());
  } catch (error) {
    if (error instanceof CsvFileProblem) throw badRequest(error.message, "file");
    throw error;
  } finally {
    await records.return(undefined);
  }
}

function formatOf(args: ImportArgs): FormatId {
  if (!(IMPORT_KINDS as readonly string[]).includes(args.kind)) throw badRequest(`--kind must be one of ${IMPORT_KINDS.join(", ")}.`, "kind");
  if (!args.preset) return args.kind as FormatId;
  if (!(PRESETS as readonly string[]).includes(args.preset)) throw badRequest(`--preset must be one of ${PRESETS.join(", ")}.`, "preset");
  const preset = formatById(args.preset as FormatId);
  if (preset.kind !== args.kind) throw badRequest(`The preset ${args.preset} imports ${preset.kind}: use --kind ${preset.kind}.`, "kind");
  return args.preset as FormatId;
}

function progressLine(counters: ImportCounters, fileBytes: number, startedAt: number): string {
  const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
  const percent = fileBytes ? Math.min(100, Math.floor((counters.bytesRead / fileBytes) * 100)) : 100;
  const n = (v: number) => v.toLocaleString("en");
  return `import: ${percent}% · ${n(counters.rowsRead)} rows · ${n(Math.round(counters.rowsRead / seconds))} rows/s · ${n(counters.accepted)} imported, ${n(counters.duplicates)} duplicates, ${n(counters.rejected)} rejected\n`;
}

/**
 * Imports a CSV file through the same service as the web upload, in this process: the file is read
 * where it is (not copied), progress goes to stderr, the outcome is the result.
 */
export async function runImport(db: Executor, args: ImportArgs, options: { progress?: (line: string) => void } = {}) {
  const format = formatOf(args);
  const file = path.resolve(args.file);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw badRequest(`No file at ${file}.`, "file");
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, args.org));
  if (!org) throw notFound(`Organisation "${args.org}"`);

  const spec = formatById(format);
  const given = parseMapFlag(args.map);
  const columns = { ...autoMap(spec.fields, await headersOf(file)), ...given };
  const mapping = importMappingSchema.safeParse({ format, columns, extra: [], timeZone: args.timeZone, dateOrder: args.dateOrder });
  if (!mapping.success) {
    const issue = mapping.error.issues[0]!;
    throw badRequest(issue.message, issue.path[0] === "timeZone" ? "timeZone" : issue.path[0] === "dateOrder" ? "dateOrder" : "map");
  }

  const id = randomUUID();
  await createImportJob(db, { userId: null, label: "cli" }, org.id, { id, kind: spec.kind, fileName: path.basename(file), fileBytes: Math.min(info.size, 2 ** 31 - 1), mapping: mapping.data });
  const startedAt = Date.now();
  let printedAt = startedAt;
  const print = options.progress ?? ((line: string) => process.stderr.write(line));
  const job = await processImportJob(db as Database, org.id, id, {
    filePath: file,
    onProgress: (counters) => {
      if (Date.now() - printedAt < PROGRESS_EVERY_MS) return;
      printedAt = Date.now();
      print(progressLine(counters, info.size, startedAt));
    },
  });
  const view = await getImportJob(db, org.id, id, 20);
  if (job?.status === "failed") throw new DomainError("BAD_REQUEST", `The import failed: ${view.error ?? "unknown reason"}`);
  return {
    importId: id,
    status: view.status,
    format,
    mapping: mapping.data.columns,
    rowsRead: view.rowsRead,
    accepted: view.accepted,
    duplicates: view.duplicates,
    rejected: view.rejected,
    seconds: Math.round((Date.now() - startedAt) / 100) / 10,
    firstErrors: view.errors,
  };
}

export const importCommand: CommandSpec<ImportArgs, Awaited<ReturnType<typeof runImport>>> = {
  name: "import",
  summary: "Import a CSV file of customers, orders or events into an organisation",
  flags: [
    { name: "org", value: "<slug>", description: "Organisation to import into", required: true },
    { name: "kind", value: "<kind>", description: `What the file holds: ${IMPORT_KINDS.join(", ")}`, required: true },
    { name: "file", value: "<path>", description: "The CSV file (UTF-8)", required: true },
    { name: "preset", value: "<preset>", description: `A known export: ${PRESETS.join(", ")}` },
    {
      name: "map",
      value: "<field=Column,…>",
      description: 'Columns for fields, comma-separated, e.g. "orderId=Order No,total=Grand Total" (default: matched by header name)',
    },
    { name: "time-zone", value: "<zone>", description: "IANA zone of times without an offset (default: the preset's, else the organisation's)" },
    { name: "date-order", value: "dmy|mdy", description: "How to read dates like 03/04/2026" },
  ],
  run: (db, args) => {
    // Flags take one value and the last one wins: a second --map would silently drop the first.
    if (process.argv.filter((a) => a === "--map" || a.startsWith("--map=")).length > 1) {
      throw badRequest('Give all columns in one --map, separated by commas: --map "orderId=Order No,total=Grand Total".', "map");
    }
    return runImport(db, args);
  },
  notice: (result) =>
    result.rejected > 0
      ? `${result.rejected.toLocaleString("en")} rows were rejected; the first ones are listed under firstErrors, all of them in the app (Settings → Imports).`
      : undefined,
};
