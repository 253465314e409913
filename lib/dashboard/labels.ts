import { MONTHS, wallClock } from "@/lib/events/zoned-time";
import type { ViewInterval } from "./view";

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A series bucket's label on an axis, in the organisation's time zone: "6 Dec", "w/c 30 Nov",
 * "Dec 2026" (the month names of zoned-time.ts, the same on every ICU version).
 */
export function bucketLabel(startIso: string, interval: ViewInterval, timeZone: string): string {
  const w = wallClock(new Date(startIso), timeZone);
  if (interval === "month") return `${MONTHS[w.month - 1]} ${w.year}`;
  const day = `${w.day} ${MONTHS[w.month - 1]}`;
  return interval === "week" ? `w/c ${day}` : day;
}

/** A bucket's first local day as YYYY-MM-DD: the key column of series CSVs. */
export function bucketDay(startIso: string, timeZone: string): string {
  const w = wallClock(new Date(startIso), timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}
