import { isKnownCurrency } from "@/lib/money";

/**
 * Reading single CSV cells as the values events need. Every failure is a RowProblem whose message
 * names the column and quotes the cell, so that a merchant can find and fix it in the file.
 */

export class RowProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RowProblem";
  }
}

const MAX_QUOTED = 60;

/** The cell as it appears in messages, shortened: a 2 KB note must not become a 2 KB message. */
export function quote(cell: string): string {
  return JSON.stringify(cell.length > MAX_QUOTED ? `${cell.slice(0, MAX_QUOTED)}…` : cell);
}

const SYMBOLS = "$€£¥₹₩₽₺₫₪¢";

/** Strips one currency symbol or ISO code before or after the amount ("€ 12", "12.00 EUR", "USD 5"). */
function stripCurrency(text: string): string {
  let t = text;
  const prefix = /^([A-Za-z]{3})\s*(?=[-+\d(.,])/.exec(t);
  if (prefix && isKnownCurrency(prefix[1]!.toUpperCase())) t = t.slice(prefix[0].length);
  const suffix = /(?<=[\d)])\s*([A-Za-z]{3})$/.exec(t);
  if (suffix && isKnownCurrency(suffix[1]!.toUpperCase())) t = t.slice(0, suffix.index);
  if (t && SYMBOLS.includes(t[0]!)) t = t.slice(1).trimStart();
  if (t && SYMBOLS.includes(t[t.length - 1]!)) t = t.slice(0, -1).trimEnd();
  return t;
}

/**
 * A decimal number as people and spreadsheets write it: "1234.5", "1,234.50", "1.234,50", "12,5",
 * "€ 12.00", "12.00 EUR", "-3", "(3.00)" (accounting negative), "1 234,50", "1'234.50".
 * With one kind of separator, a comma followed by exactly three digits is a thousands separator
 * ("1,234" is 1234) and any other single comma is the decimal point ("12,5" is 12.5).
 */
export function parseDecimal(cell: string, column: string): number {
  const fail = () => new RowProblem("invalid_number", `column ${JSON.stringify(column)}: ${quote(cell)} is not a number`);
  let text = cell.trim();
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  text = stripCurrency(text);
  if (text.startsWith("-") || text.startsWith("+")) {
    negative = text.startsWith("-") !== negative;
    text = stripCurrency(text.slice(1).trimStart());
  }
  text = text.replace(/[\s\u00a0\u202f']/g, "");
  if (!/^\d(?:[\d.,]*\d)?$/.test(text)) throw fail();
  const lastDot = text.lastIndexOf(".");
  const lastComma = text.lastIndexOf(",");
  const grouped = (parts: string[]) => parts.length > 1 && parts[0]!.length <= 3 && parts.slice(1).every((p) => p.length === 3);
  let normalized: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const [decimal, group] = lastDot > lastComma ? [".", ","] : [",", "."];
    const [whole, fraction, ...rest] = text.split(decimal);
    if (rest.length || !grouped(whole!.split(group)) || fraction!.includes(group)) throw fail();
    normalized = `${whole!.split(group).join("")}.${fraction}`;
  } else if (lastComma >= 0) {
    const parts = text.split(",");
    if (grouped(parts)) normalized = parts.join("");
    else if (parts.length === 2) normalized = parts.join(".");
    else throw fail();
  } else {
    const parts = text.split(".");
    if (parts.length <= 2) normalized = text;
    else if (grouped(parts)) normalized = parts.join("");
    else throw fail();
  }
  const value = Number(normalized);
  if (!Number.isFinite(value)) throw fail();
  return negative && value !== 0 ? -value : value;
}

const TRUE = new Set(["true", "yes", "y", "1", "t", "x", "✓"]);
const FALSE = new Set(["false", "no", "n", "0", "f", ""]);

export function parseBoolean(cell: string, column: string): boolean {
  const text = cell.trim().toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new RowProblem("invalid_boolean", `column ${JSON.stringify(column)}: ${quote(cell)} is not yes/no (use true, false, yes, no, 1 or 0)`);
}

/** A JSON cell (a `properties` or `items` column). */
export function parseJson(cell: string, column: string): unknown {
  try {
    return JSON.parse(cell);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message.replace(/^JSON\.parse: /, "") : "invalid JSON";
    throw new RowProblem("invalid_json", `column ${JSON.stringify(column)}: ${quote(cell)} is not valid JSON (${detail})`);
  }
}

/**
 * A cell of a free column (an extra trait or property) as the value it most likely stands for:
 * true/false become booleans and plain decimals numbers; anything else stays text. Numbers with a
 * leading zero ("00123", a product code) and long digit strings (ids, phone numbers) stay text, so
 * that no leading zero or digit is ever lost.
 */
export function inferValue(cell: string): string | number | boolean {
  const text = cell.trim();
  if (text === "true" || text === "TRUE" || text === "True") return true;
  if (text === "false" || text === "FALSE" || text === "False") return false;
  if (/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(text) && !/^-?0\d/.test(text)) return Number(text);
  return cell;
}

/** Header text to a property or trait key: "Loyalty Tier" -> "loyaltyTier", "utm_source" -> "utmSource". */
export function keyOfHeader(header: string): string {
  const words = header.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words
    .map((w, i) => {
      const lower = w === w.toUpperCase() ? w.toLowerCase() : w.charAt(0).toLowerCase() + w.slice(1);
      return i === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join("");
}
