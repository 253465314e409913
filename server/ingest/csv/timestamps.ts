import { quote, RowProblem } from "./cells";

export type DateOrder = "dmy" | "mdy";

export interface TimestampOptions {
  /** IANA zone in which a time without an offset is read (the organisation's, or UTC). */
  timeZone: string;
  /** How to read "03/04/2026": day first or month first. Unset: such dates are refused as ambiguous. */
  dateOrder?: DateOrder;
}

const ISO_LIKE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASHED = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC, in minutes, at the instant `utcMs`. */
function zoneOffsetMinutes(timeZone: string, utcMs: number): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/**
 * The instant at which the clocks of `timeZone` showed this wall time. Around a DST change the
 * offsets half a day before and after are both tried: a wall time that exists twice (autumn) takes
 * the first occurrence, one that does not exist (the skipped spring hour) is read with the offset
 * before the change, i.e. it lands one hour later, as calendar software does.
 */
export function wallTimeToUtc(wallMs: number, timeZone: string): number {
  if (timeZone === "UTC") return wallMs;
  const before = zoneOffsetMinutes(timeZone, wallMs - 12 * 3600_000);
  const after = zoneOffsetMinutes(timeZone, wallMs + 12 * 3600_000);
  const candidates = [wallMs - before * 60000, wallMs - after * 60000].filter(
    (utc, i) => zoneOffsetMinutes(timeZone, utc) === (i === 0 ? before : after),
  );
  return candidates.length ? Math.min(...candidates) : wallMs - before * 60000;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

function wallMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const value = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const date = new Date(value);
  // Rejects 31 April and 29 February of common years, which Date.UTC would roll over.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return value;
}

function offsetMinutes(zone: string): number {
  if (/^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0"));
}

/**
 * A timestamp cell to ISO-8601 in UTC. Accepted: ISO-8601 with or without "T", seconds and an
 * offset ("2026-03-02 10:15:00 +0100", Shopify's form), a date alone (midnight), Unix time in
 * seconds or milliseconds, and "02/03/2026 10:15" when the day/month order is given. A time without
 * an offset is read in `options.timeZone`.
 */
export function parseTimestamp(cell: string, column: string, options: TimestampOptions): string {
  const text = cell.trim();
  const fail = (hint = "use a date like 2026-03-02 10:15:00 or 2026-03-02T10:15:00Z") =>
    new RowProblem("invalid_timestamp", `column ${JSON.stringify(column)}: ${quote(cell)} is not a date Aftercart can read (${hint})`);

  if (/^\d{10}$|^\d{13}$/.test(text)) {
    const ms = text.length === 10 ? Number(text) * 1000 : Number(text);
    return new Date(ms).toISOString();
  }

  const iso = ISO_LIKE.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    const wall = wallMs(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), Math.min(ms, 999));
    if (wall === null) throw fail("no such date");
    const utc = zone ? wall - offsetMinutes(zone) * 60000 : wallTimeToUtc(wall, options.timeZone);
    return new Date(utc).toISOString();
  }

  const slashed = SLASHED.exec(text);
  if (slashed) {
    if (!options.dateOrder) throw fail("say whether dates are day/month/year or month/day/year, or use 2026-03-02");
    const [, a, b, y, h, mi, s, meridiem] = slashed;
    const [day, month] = options.dateOrder === "dmy" ? [Number(a), Number(b)] : [Number(b), Number(a)];
    let hour = Number(h ?? 0);
    if (meridiem) {
      if (hour < 1 || hour > 12) throw fail("no such time");
      hour = (hour % 12) + (/p/i.test(meridiem) ? 12 : 0);
    }
    const wall = wallMs(Number(y), month, day, hour, Number(mi ?? 0), Number(s ?? 0));
    if (wall === null) throw fail("no such date");
    return new Date(wallTimeToUtc(wall, options.timeZone)).toISOString();
  }
  throw fail();
}

/** Whether a cell is a slashed date, for which the importer must know the day/month order. */
export function isSlashedDate(cell: string): boolean {
  return SLASHED.test(cell.trim());
}
