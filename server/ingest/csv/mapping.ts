import { z } from "zod";
import { keyOfHeader } from "./cells";
import { FORMAT_IDS, formatById, type FormatSpec } from "./formats";
import type { ResolvedColumn } from "./rows";
import { DELIMITERS } from "./sniff";
import { isValidTimeZone } from "./timestamps";

/** What an import stores in import_jobs.mapping: the format (kind or preset) and field -> header. */
export const importMappingSchema = z
  .object({
    format: z.enum(FORMAT_IDS, { message: "Choose what the file holds." }),
    columns: z.record(z.string().max(64), z.string().min(1).max(256)).default({}),
    /** Other headers to keep as traits or properties. */
    extra: z.array(z.string().min(1).max(256)).max(500).default([]),
    /** Zone for times without an offset; unset: the format's, else the organisation's. */
    timeZone: z.string().max(64).refine(isValidTimeZone, { message: "Unknown time zone." }).optional(),
    dateOrder: z.enum(["dmy", "mdy"]).optional(),
    delimiter: z.enum(DELIMITERS).optional(),
  })
  .superRefine((mapping, ctx) => {
    const format = formatById(mapping.format);
    const known = new Set(format.fields.map((f) => f.key));
    for (const field of Object.keys(mapping.columns)) {
      if (!known.has(field)) ctx.addIssue({ code: "custom", path: ["columns", field], message: `${format.label}: there is no field "${field}".` });
    }
    if (mapping.extra.length && !format.extraTarget) {
      ctx.addIssue({ code: "custom", path: ["extra"], message: `${format.label}: this preset keeps no other columns.` });
    }
  });

export type ImportMapping = z.output<typeof importMappingSchema>;

export interface ResolvedMapping {
  columns: Record<string, ResolvedColumn>;
  extra: (ResolvedColumn & { key: string })[];
}

const list = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(", ");

/** Why a mapping cannot read a file with these headers; empty when it can. */
export function mappingProblems(format: FormatSpec, mapping: ImportMapping, headers: readonly string[]): string[] {
  const problems: string[] = [];
  const label = (key: string) => format.fields.find((f) => f.key === key)?.label ?? key;
  for (const field of format.fields) {
    if (field.required && !mapping.columns[field.key]) problems.push(`Choose the column for ${field.label}: it is required.`);
  }
  for (const group of format.requiredAnyOf ?? []) {
    if (!group.some((key) => mapping.columns[key])) problems.push(`Choose a column for ${group.map(label).join(" or ")}: an event needs one.`);
  }
  const mapped = [...Object.entries(mapping.columns).map(([field, header]) => [label(field), header] as const), ...mapping.extra.map((h) => [null, h] as const)];
  for (const [field, header] of mapped) {
    const count = headers.filter((h) => h === header).length;
    if (count === 0) {
      problems.push(
        `The file has no column ${JSON.stringify(header)}${field ? ` (chosen for ${field})` : ""}. Its columns are: ${list(headers.slice(0, 30))}${headers.length > 30 ? "…" : ""}.`,
      );
    } else if (count > 1) {
      problems.push(`The file has ${count} columns named ${JSON.stringify(header)}: rename them so that Aftercart can tell them apart.`);
    }
  }
  return problems;
}

/** Field -> column position; call after mappingProblems() found nothing. */
export function resolveMapping(mapping: ImportMapping, headers: readonly string[]): ResolvedMapping {
  const columns: Record<string, ResolvedColumn> = {};
  for (const [field, header] of Object.entries(mapping.columns)) columns[field] = { header, index: headers.indexOf(header) };
  const mappedHeaders = new Set(Object.values(mapping.columns));
  const extra = mapping.extra
    .filter((header) => !mappedHeaders.has(header))
    .map((header) => ({ header, index: headers.indexOf(header), key: keyOfHeader(header) }))
    .filter((column) => column.key !== "");
  return { columns, extra };
}
