export const DELIMITERS = [",", ";", "\t", "|"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** A problem with the file as a whole: the import cannot read it, so it fails with this message. */
export class CsvFileProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "CsvFileProblem";
  }
}

const SAVE_AS = 'Open it in your spreadsheet program and save it as "CSV UTF-8", then import that file.';

/** Files people pick by mistake, recognised by their first bytes. */
export function notCsvText(head: Uint8Array): CsvFileProblem | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return new CsvFileProblem("not_csv", `This is a ZIP archive, perhaps an Excel workbook (.xlsx), not a CSV file. ${SAVE_AS}`);
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return new CsvFileProblem("not_csv", `This is an old Excel workbook (.xls), not a CSV file. ${SAVE_AS}`);
  if (starts(0x1f, 0x8b)) return new CsvFileProblem("not_csv", "This file is compressed (gzip). Unpack it and import the .csv inside.");
  if (starts(0x25, 0x50, 0x44, 0x46)) return new CsvFileProblem("not_csv", "This is a PDF, not a CSV file. Export the data as CSV instead.");
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return new CsvFileProblem("encoding", `This file is UTF-16 text; Aftercart reads UTF-8. ${SAVE_AS}`);
  if (head.subarray(0, 8192).includes(0)) return new CsvFileProblem("not_csv", "This is a binary file, not CSV text. Export the data as CSV instead.");
  let first = 0;
  while (first < head.length && [0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].includes(head[first]!)) first++;
  if (head[first] === 0x7b || head[first] === 0x5b) {
    return new CsvFileProblem("not_csv", "This looks like JSON, not CSV. Send JSON events to the API instead, or export the data as CSV.");
  }
  return null;
}

/** The separator of the header line: the most frequent of , ; tab | outside quotes (a comma when none). */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: Delimiter = ",";
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}
