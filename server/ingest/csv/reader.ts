import { isUtf8 } from "node:buffer";
import { parse, type CsvError, type Parser } from "csv-parse";
import { CsvFileProblem, detectDelimiter, notCsvText, type Delimiter } from "./sniff";

/** One record of the file with the physical line it starts on (line 1 is the header). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface ReadCsvOptions {
  /** Unset: detected from the header line. */
  delimiter?: Delimiter;
  onDelimiter?: (delimiter: Delimiter) => void;
  /** Called with the number of bytes consumed so far, as the file streams in. */
  onBytes?: (bytes: number) => void;
  /** The input is only the start of a file (a preview): its last, possibly cut, record is dropped. */
  partial?: boolean;
}

/** A record longer than this is a stray quote swallowing the file, not data: fail instead of buffering it. */
export const MAX_RECORD_CHARS = 1_000_000;
const HEADER_SCAN_CHARS = 64 * 1024;
const LINE_BREAKS = /\r\n|\r|\n/g;

function lineBreaksIn(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) if (cell.includes("\n") || cell.includes("\r")) count += cell.match(LINE_BREAKS)!.length;
  return count;
}

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) count++;
  return count;
}

/** The line (counted from `firstLine`) of the first invalid UTF-8 in a chunk. */
function lineOfInvalidUtf8(chunk: Uint8Array, firstLine: number): number {
  let start = 0;
  let line = firstLine;
  while (start <= chunk.length) {
    const end = chunk.indexOf(10, start);
    let segment = chunk.subarray(start, end === -1 ? chunk.length : end);
    // The first segment may begin with the tail of a character split across chunks.
    if (start === 0) while (segment.length && (segment[0]! & 0xc0) === 0x80) segment = segment.subarray(1);
    if (!isUtf8(segment) && (end !== -1 || segment.length > 3)) return line;
    if (end === -1) break;
    start = end + 1;
    line++;
  }
  return line;
}

function notUtf8(line: number): CsvFileProblem {
  return new CsvFileProblem(
    "encoding",
    `The file is not UTF-8 text (line ${line} has bytes of another encoding, such as Windows-1252). Save or export it as "CSV UTF-8" and import it again; rows already imported are skipped.`,
  );
}

function parseProblem(error: CsvError, line: number): CsvFileProblem {
  if (error.code === "CSV_QUOTE_NOT_CLOSED") {
    return new CsvFileProblem("unclosed_quote", `Line ${line} opens a quoted field (") that is never closed, so the rest of the file cannot be read. Check that line for a stray quote.`);
  }
  if (error.code === "CSV_MAX_RECORD_SIZE") {
    return new CsvFileProblem(
      "record_too_long",
      `The record starting on line ${line} is longer than ${MAX_RECORD_CHARS.toLocaleString("en")} characters: probably a stray quote (") that swallows the lines after it. Check that line.`,
    );
  }
  return new CsvFileProblem("invalid_csv", `The file cannot be read as CSV at line ${line}: ${error.message}`);
}

/**
 * Streams the records of a CSV file, the header first. Memory stays bounded whatever the file's size:
 * bytes are decoded and parsed as they arrive, and the input is read only as fast as the records are
 * taken (backpressure). Line numbers are physical lines, also when quoted fields hold line breaks.
 * Blank lines, and lines of empty cells only, are skipped. Throws CsvFileProblem for what makes the
 * whole file unreadable (not text, not UTF-8, an unclosed quote).
 */
export async function* readCsv(input: AsyncIterable<Uint8Array>, options: ReadCsvOptions = {}): AsyncGenerator<CsvRecord> {
  const iterator = input[Symbol.asyncIterator]();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let bytes = 0;
  let pumpLine = 1;

  const decode = (chunk: Uint8Array, flush = false): string => {
    try {
      return flush ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8(flush ? pumpLine : lineOfInvalidUtf8(chunk, pumpLine));
    }
  };
  const take = async (): Promise<string | null> => {
    const next = await iterator.next();
    if (next.done) return null;
    const chunk = next.value;
    if (bytes === 0) {
      const problem = notCsvText(chunk);
      if (problem) throw problem;
    }
    const text = decode(chunk);
    bytes += chunk.length;
    pumpLine += countNewlines(chunk);
    options.onBytes?.(bytes);
    return text;
  };

  let head = "";
  let ended = false;
  try {
    while (!/[\r\n]/.test(head) && head.length < HEADER_SCAN_CHARS) {
      const text = await take();
      if (text === null) {
        ended = true;
        break;
      }
      head += text;
    }
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  const delimiter = options.delimiter ?? detectDelimiter(head);
  options.onDelimiter?.(delimiter);

  const parser: Parser = parse({
    delimiter,
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });

  let stopped = false;
  const writeRespectingBackpressure = async (text: string) => {
    if (text && !parser.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          parser.off("drain", done);
          parser.off("close", done);
          resolve();
        };
        parser.on("drain", done);
        parser.on("close", done);
      });
    }
  };
  const pump = async () => {
    await writeRespectingBackpressure(head);
    while (!ended && !stopped && !parser.destroyed) {
      const text = await take();
      if (text === null) break;
      await writeRespectingBackpressure(text);
    }
    if (stopped || parser.destroyed) return;
    if (!options.partial) await writeRespectingBackpressure(decode(new Uint8Array(), true));
    parser.end();
  };
  void pump().catch((error: unknown) => parser.destroy(error as Error));

  let line = 1;
  let held: CsvRecord | null = null;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      const start = line;
      line += 1 + lineBreaksIn(cells);
      if (cells.every((cell) => cell.trim() === "")) continue;
      // In a partial read the newest record may be cut short: it is handed out only once another follows.
      if (options.partial) {
        if (held) yield held;
        held = { line: start, cells };
      } else {
        yield { line: start, cells };
      }
    }
  } catch (error) {
    if (error instanceof CsvFileProblem) throw error;
    const csvError = error as CsvError;
    if (options.partial && csvError.code === "CSV_QUOTE_NOT_CLOSED") {
      // The record cut open is the last one; the one held back before it is whole.
      if (held) yield held;
      return;
    }
    if (typeof csvError.code === "string" && csvError.code.startsWith("CSV_")) throw parseProblem(csvError, line);
    throw error;
  } finally {
    stopped = true;
    parser.destroy();
    // Closes the file; not awaited, since the pump may be waiting on the same iterator.
    void iterator.return?.()?.catch(() => {});
  }
}
