/**
 * Times shown and entered in the organisation's time zone (an IANA name), whatever the browser's
 * zone: a merchant in Berlin and an analyst in New York read the same "10:15" for one event.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formatters.get(`${key}|${timeZone}`);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
    formatters.set(`${key}|${timeZone}`, f);
  }
  return f;
}

// Built from numeric parts with fixed month names: ICU versions disagree on joiners and on "Sep" versus
// "Sept", and the server's rendering must match the browser's to the character.
export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "1 Mar 2026, 11:00:05": to the second, which the explorer needs to tell events apart. */
export function formatZonedDateTime(date: Date, timeZone: string): string {
  const w = wallClock(date, timeZone);
  return `${w.day} ${MONTHS[w.month - 1]} ${w.year}, ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** "1 Mar 2026". */
export function formatZonedDate(date: Date, timeZone: string): string {
  const w = wallClock(date, timeZone);
  return `${w.day} ${MONTHS[w.month - 1]} ${w.year}`;
}

/** "CET", "GMT+1", "UTC": the label the zone has at that instant. */
export function zoneAbbreviation(date: Date, timeZone: string): string {
  const parts = formatter(timeZone, "zone", { timeZoneName: "short" }).formatToParts(date);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/** The zone's wall clock at `date`, as numbers. */
export function wallClock(date: Date, timeZone: string) {
  const parts = formatter(timeZone, "parts", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

/** How far the zone's wall clock is ahead of UTC at `date`, in milliseconds. */
function offsetAt(date: Date, timeZone: string): number {
  const w = wallClock(date, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/** The value of an `<input type="datetime-local">` showing `date` in the zone: "2026-03-01T11:00". */
export function toZonedInputValue(date: Date, timeZone: string): string {
  const w = wallClock(date, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant a wall-clock time in the zone names ("2026-03-01T11:00" or with seconds), or null for
 * a value that is not one. In the hour skipped by a DST change the time is read with the offset from
 * before the change (02:30 on a spring-forward night is 03:30); in the repeated hour, the first one.
 */
export function fromZonedInputValue(value: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  // A zone has at most one offset change within a day: try the offsets from the day before and the day
  // after, and keep the earliest reading that shows this wall-clock time again.
  const before = asUtc - offsetAt(new Date(asUtc - 86_400_000), timeZone);
  const after = asUtc - offsetAt(new Date(asUtc + 86_400_000), timeZone);
  const exact = [before, after].filter((t) => toZonedInputValue(new Date(t), timeZone) === value.slice(0, 16)).sort((a, b) => a - b);
  return new Date(exact[0] ?? before);
}
