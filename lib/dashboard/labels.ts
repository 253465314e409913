import type { ViewInterval } from "./view";

const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
    formats.set(key, format);
  }
  return format;
}

/** A series bucket's label on an axis: "6 Dec", "w/c 30 Nov", "Dec 2026" (in the organisation's time zone). */
export function bucketLabel(startIso: string, interval: ViewInterval, timeZone: string): string {
  const date = new Date(startIso);
  if (interval === "month") return dateFormat(timeZone, { month: "short", year: "numeric" }).format(date);
  const day = dateFormat(timeZone, { day: "numeric", month: "short" }).format(date);
  return interval === "week" ? `w/c ${day}` : day;
}

/** A bucket's first local day as YYYY-MM-DD: the key column of series CSVs. */
export function bucketDay(startIso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    dateFormat(timeZone, { year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date(startIso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}
