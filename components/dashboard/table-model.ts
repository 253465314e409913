import { stringify } from "csv-stringify/browser/esm/sync";

/**
 * The numbers behind a chart, in one shape that feeds both its accessible data table and its CSV.
 * Cells keep raw numbers (the CSV is for spreadsheets); `format` turns them into text for people.
 */
export interface TableModel {
  columns: string[];
  rows: (string | number | null)[][];
}

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first) gets a
 * leading apostrophe (OWASP "CSV injection"): survey comments come from anyone on the internet.
 */
function inert(cell: string | number | null): string | number {
  if (cell === null) return "";
  return typeof cell === "string" && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function toCsv(table: TableModel): string {
  return stringify([table.columns, ...table.rows.map((row) => row.map(inert))]);
}

/** A file name people can sort: "demo-revenue-2026-09-07-to-2026-12-05.csv". */
export function exportFileName(parts: string[], extension: "csv" | "png"): string {
  const slug = parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return `${slug}.${extension}`;
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
