import { validateEvent } from "@/server/ingest/validate";
import { autoMap } from "./fields";
import { formatById, type FormatId } from "./formats";
import { importMappingSchema, mappingProblems, resolveMapping, type ImportMapping } from "./mapping";
import { readCsv, type CsvRecord } from "./reader";
import type { MapperOutput } from "./rows";
import { CsvFileProblem, type Delimiter } from "./sniff";
import { isSlashedDate } from "./timestamps";

export const PREVIEW_ROWS = 20;
export const SAMPLE_ROWS = 10;

export interface PreviewInput {
  format: FormatId;
  /** The first bytes of the file (the browser sends a slice, never the whole file). */
  head: Uint8Array;
  /** Whether `head` is the whole file; if not, its last record may be cut and is left out. */
  complete: boolean;
  /** The admin's mapping; unset: suggested from the headers. */
  mapping?: Omit<ImportMapping, "format" | "delimiter">;
}

export interface PreviewEvent {
  type: string;
  customerId: string | null;
  anonymousId: string | null;
  timestamp: string;
  properties: Record<string, unknown>;
}

export interface PreviewRow {
  line: number;
  events: PreviewEvent[];
  problems: { code: string; message: string }[];
}

export interface PreviewResult {
  delimiter: Delimiter | null;
  headers: string[];
  /** The first records as they are in the file. */
  sample: CsvRecord[];
  mapping: ImportMapping;
  /** What keeps the import from starting: file problems and an incomplete mapping. */
  problems: string[];
  /** The first rows as Aftercart reads them, with the problem of each rejected row. */
  rows: PreviewRow[];
  /** Some mapped dates are written 03/04/2026: the admin must say which is the day. */
  needsDateOrder: boolean;
}

const TIME_FIELDS = ["timestamp", "createdAt", "canceledAt"];

async function* once(bytes: Uint8Array) {
  yield bytes;
}

/**
 * Reads the head of a file the way the import will read the whole of it, and says per row what it
 * becomes or why it would be rejected: the same reader, mapping, mappers and validateEvent.
 */
export async function previewImport(input: PreviewInput, org: { timeZone: string }, now = new Date()): Promise<PreviewResult> {
  const format = formatById(input.format);
  let delimiter: Delimiter | null = null;
  const records: CsvRecord[] = [];
  const fallbackMapping: ImportMapping = { format: input.format, columns: {}, extra: [], timeZone: format.timeZone ?? org.timeZone };
  try {
    for await (const record of readCsv(once(input.head), { partial: !input.complete, onDelimiter: (d) => (delimiter = d) })) {
      records.push(record);
      if (records.length > PREVIEW_ROWS) break;
    }
  } catch (error) {
    if (!(error instanceof CsvFileProblem)) throw error;
    return { delimiter, headers: [], sample: [], mapping: fallbackMapping, problems: [error.message], rows: [], needsDateOrder: false };
  }
  const [header, ...data] = records;
  if (!header) {
    const problem = input.complete ? "The file is empty." : "No complete line found at the start of the file: is it a CSV file?";
    return { delimiter, headers: [], sample: [], mapping: fallbackMapping, problems: [problem], rows: [], needsDateOrder: false };
  }
  const headers = header.cells.map((h) => h.trim());
  const parsed = importMappingSchema.safeParse({
    format: input.format,
    timeZone: format.timeZone ?? org.timeZone,
    ...(input.mapping ?? { columns: autoMap(format.fields, headers) }),
    ...(delimiter ? { delimiter } : {}),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => i.message);
    return { delimiter, headers, sample: data.slice(0, SAMPLE_ROWS), mapping: fallbackMapping, problems, rows: [], needsDateOrder: false };
  }
  const mapping = parsed.data;
  const problems = mappingProblems(format, mapping, headers);
  const resolved = problems.length ? null : resolveMapping(mapping, headers);
  const needsDateOrder =
    !mapping.dateOrder &&
    TIME_FIELDS.some((field) => {
      const index = resolved?.columns[field]?.index;
      return index !== undefined && data.some((r) => isSlashedDate(r.cells[index] ?? ""));
    });
  if (!resolved) return { delimiter, headers, sample: data.slice(0, SAMPLE_ROWS), mapping, problems, rows: [], needsDateOrder };

  const mapper = format.createMapper({
    ...resolved,
    timestamps: { timeZone: mapping.timeZone ?? org.timeZone, dateOrder: mapping.dateOrder },
    now,
  });
  const outputs: MapperOutput[] = [];
  for (const record of data.slice(0, PREVIEW_ROWS)) outputs.push(...mapper.push(record.cells, record.line));
  outputs.push(...mapper.end());

  const rows = new Map<number, PreviewRow>();
  for (const output of outputs) {
    const row = rows.get(output.line) ?? { line: output.line, events: [], problems: [] };
    rows.set(output.line, row);
    if ("problem" in output) {
      row.problems.push(output.problem);
      continue;
    }
    const checked = validateEvent(output.event, { now });
    if (!checked.ok) {
      row.problems.push({ code: checked.code, message: checked.message });
      continue;
    }
    const e = checked.event;
    row.events.push({ type: e.type, customerId: e.customerId, anonymousId: e.anonymousId, timestamp: e.timestamp.toISOString(), properties: e.properties });
  }
  return {
    delimiter,
    headers,
    sample: data.slice(0, SAMPLE_ROWS),
    mapping,
    problems,
    rows: [...rows.values()].sort((a, b) => a.line - b.line),
    needsDateOrder,
  };
}
