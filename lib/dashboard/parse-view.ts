import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, format, startOfDay, startOfMonth, startOfYear } from "date-fns";
import { isEmptySegment, segmentSchema, type Segment } from "@/lib/metrics/segment";
import {
  daysBetween,
  defaultInterval,
  DEFAULT_RANGE,
  INTERVAL_LABELS,
  INTERVAL_ORDER,
  RANGE_PRESETS,
  TRAIT_PREFIX,
  type DashboardView,
  type RangePreset,
  type ViewInterval,
} from "./view";

/** Reading a dashboard view from the URL, in the organisation's time zone: the pages do it on the server. */

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function asSearchParams(params: Params): URLSearchParams {
  if (params instanceof URLSearchParams) return params;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(key, v);
  }
  return search;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A custom range longer than this is cut (the metric service caps periods at ten years too). */
export const MAX_VIEW_DAYS = 3_650;

function isRealDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The days a preset covers, seen from `now` in the time zone. Ranges end yesterday unless "to date". */
export function presetDays(range: Exclude<RangePreset, "custom">, timeZone: string, now: Date): { from: string; through: string } {
  const today = startOfDay(new TZDate(now.getTime(), timeZone));
  const day = (d: Date) => format(d, "yyyy-MM-dd");
  const yesterday = addDays(today, -1);
  switch (range) {
    case "7d":
      return { from: day(addDays(today, -7)), through: day(yesterday) };
    case "30d":
      return { from: day(addDays(today, -30)), through: day(yesterday) };
    case "90d":
      return { from: day(addDays(today, -90)), through: day(yesterday) };
    case "12m":
      // Whole months, so that a monthly series has no clipped first and last bar.
      return { from: day(addMonths(startOfMonth(today), -12)), through: day(addDays(startOfMonth(today), -1)) };
    case "mtd":
      return { from: day(startOfMonth(today)), through: day(today) };
    case "ytd":
      return { from: day(startOfYear(today)), through: day(today) };
  }
}

function parseSegment(search: URLSearchParams, problems: string[]): Segment | null {
  const raw: Record<string, unknown> = {};
  for (const key of ["loyalty", "engagement", "cohort"] as const) {
    const value = search.get(key);
    if (value) raw[key] = value;
  }
  const traits: Record<string, string> = {};
  for (const [key, value] of search) {
    if (key.startsWith(TRAIT_PREFIX) && key.length > TRAIT_PREFIX.length && value !== "") traits[key.slice(TRAIT_PREFIX.length)] = value;
  }
  if (Object.keys(traits).length) raw.traits = traits;
  const parsed = segmentSchema.safeParse(raw);
  if (parsed.success) return isEmptySegment(parsed.data) ? null : parsed.data;
  // Keep what is valid and say what was dropped, rather than show nothing.
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const one = segmentSchema.safeParse({ [key]: value });
    if (one.success) kept[key] = value;
    else problems.push(`segment ${key}: ${one.error.issues[0]?.message ?? "not understood"}`);
  }
  const retry = segmentSchema.safeParse(kept);
  return retry.success && !isEmptySegment(retry.data) ? retry.data : null;
}

/** Reads a view from the URL; anything not understood falls back to the default and is named in `problems`. */
export function parseView(params: Params, timeZone: string, now: Date, defaultRange: Exclude<RangePreset, "custom"> = DEFAULT_RANGE): DashboardView {
  const search = asSearchParams(params);
  const problems: string[] = [];
  let range = (search.get("range") ?? defaultRange) as RangePreset;
  if (!(range in RANGE_PRESETS)) {
    problems.push(`range "${search.get("range")}" is not one of ${Object.keys(RANGE_PRESETS).join(", ")}`);
    range = defaultRange;
  }
  let days: { from: string; through: string };
  if (range === "custom") {
    const from = search.get("from") ?? "";
    const through = search.get("to") ?? "";
    if (!isRealDate(from) || !isRealDate(through)) {
      problems.push("a custom range needs from and to as dates (2026-03-01)");
      range = defaultRange;
      days = presetDays(range, timeZone, now);
    } else if (from > through) {
      problems.push(`the range starts (${from}) after it ends (${through}): showing it the right way round`);
      days = { from: through, through: from };
    } else {
      days = { from, through };
    }
    if (range === "custom" && daysBetween(days.from, days.through) > MAX_VIEW_DAYS) {
      const cut = new Date(Date.parse(`${days.through}T00:00:00Z`) - (MAX_VIEW_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
      problems.push(`ranges are at most ${MAX_VIEW_DAYS} days: showing ${cut} to ${days.through}`);
      days = { from: cut, through: days.through };
    }
  } else {
    days = presetDays(range, timeZone, now);
  }
  const span = daysBetween(days.from, days.through);
  const askedInterval = search.get("interval");
  let interval: ViewInterval = defaultInterval(span);
  if (askedInterval && askedInterval in INTERVAL_LABELS) {
    interval = askedInterval as ViewInterval;
    // A daily series of years is unreadable (and beyond the service's 400 points): go coarser, and say so.
    const finest: ViewInterval = span > 7 * 300 ? "month" : span > 366 ? "week" : "day";
    if (INTERVAL_ORDER.indexOf(interval) < INTERVAL_ORDER.indexOf(finest)) {
      problems.push(`a ${interval === "day" ? "daily" : "weekly"} series of ${span} days is too long: showing ${finest}s`);
      interval = finest;
    }
  } else if (askedInterval) {
    problems.push(`interval "${askedInterval}" is not one of day, week, month`);
  }
  return { range, ...days, interval, compare: search.get("compare") !== "0", segment: parseSegment(search, problems), problems };
}

