import type { Segment } from "@/lib/metrics/segment";

/**
 * What a dashboard shows, all of it in the URL so that a view is a link to share:
 * `?range=90d&interval=week&compare=0&loyalty=member&t.country=DE`. This module names and writes
 * views, for the client controls too, so it stays free of zod and date libraries (30 KB of a
 * dashboard page's JavaScript); parse-view.ts reads them, on the server.
 */
export const RANGE_PRESETS = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  "12m": "Last 12 months",
  mtd: "Month to date",
  ytd: "Year to date",
  custom: "Custom range",
} as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
/** The range of a page whose URL names none; the cohorts page reads a year by default. */
export const DEFAULT_RANGE: Exclude<RangePreset, "custom"> = "30d";

export const INTERVAL_LABELS = { day: "Daily", week: "Weekly", month: "Monthly" } as const;
export type ViewInterval = keyof typeof INTERVAL_LABELS;
export const INTERVAL_ORDER: readonly ViewInterval[] = ["day", "week", "month"];

/** The prefix of a customer-trait filter in the URL: `t.country=DE`. */
export const TRAIT_PREFIX = "t.";

export interface DashboardView {
  range: RangePreset;
  /** First local day shown (YYYY-MM-DD). */
  from: string;
  /** Last local day shown, inclusive (YYYY-MM-DD): what people read in a date picker. */
  through: string;
  interval: ViewInterval;
  compare: boolean;
  segment: Segment | null;
  /** Parts of the URL that were not understood and were left out, said on the page. */
  problems: string[];
}

/** The period a view asks the metric service for: `[from, to)`, days in the organisation's time zone. */
export function periodOf(view: Pick<DashboardView, "from" | "through">): { from: string; to: string } {
  return { from: view.from, to: nextDay(view.through) };
}

function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, through: string): number {
  return Math.round((Date.parse(`${through}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The interval that reads best for a span of days: about 7 to 100 points. */
export function defaultInterval(days: number): ViewInterval {
  if (days <= 62) return "day";
  if (days <= 190) return "week";
  return "month";
}

/** Writes a view (or a change to one) back to the query string; defaults are left out to keep links short. */
export function viewSearch(
  view: Pick<DashboardView, "range" | "from" | "through" | "compare" | "segment"> & { interval: ViewInterval | null },
  defaultRange: RangePreset = DEFAULT_RANGE,
): string {
  const search = new URLSearchParams();
  if (view.range !== defaultRange) search.set("range", view.range);
  if (view.range === "custom") {
    search.set("from", view.from);
    search.set("to", view.through);
  }
  // null: the interval that suits the range (a new range should not keep a daily series of a year).
  if (view.interval && view.interval !== defaultInterval(daysBetween(view.from, view.through))) search.set("interval", view.interval);
  if (!view.compare) search.set("compare", "0");
  const segment = view.segment;
  if (segment?.loyalty) search.set("loyalty", segment.loyalty);
  if (segment?.engagement) search.set("engagement", segment.engagement);
  if (segment?.cohort) search.set("cohort", segment.cohort);
  for (const [key, value] of Object.entries(segment?.traits ?? {})) search.set(`${TRAIT_PREFIX}${key}`, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** A short label of the segment, for headings and file names ("members, DE"). */
export function segmentLabel(segment: Segment | null): string | null {
  if (!segment) return null;
  const parts = [
    segment.loyalty === "member" ? "loyalty members" : segment.loyalty === "non_member" ? "non-members" : null,
    segment.engagement ? `${segment.engagement} sustainability engagement` : null,
    segment.cohort ? `first order in ${segment.cohort}` : null,
    ...Object.entries(segment.traits ?? {}).map(([k, v]) => `${k} = ${String(v)}`),
  ].filter(Boolean);
  return parts.join(", ");
}
