import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, addWeeks, differenceInCalendarMonths, startOfDay, startOfISOWeek, startOfMonth } from "date-fns";

/** A half-open period `[from, to)` (metrics.md "Time"). */
export interface Period {
  from: Date;
  to: Date;
}

/** The smallest period holding all of `periods` (a query may read only what falls in it). */
export function spanOf(periods: readonly Period[]): Period {
  return {
    from: new Date(Math.min(...periods.map((p) => p.from.getTime()))),
    to: new Date(Math.max(...periods.map((p) => p.to.getTime()))),
  };
}

export type Interval = "day" | "week" | "month";
export const INTERVALS = ["day", "week", "month"] as const;

/** Longest period a read may ask for; a longer one is cut to end at `to`, and the answer says so. */
export const MAX_PERIOD_DAYS = 3_660;
/** Most buckets in one series: a daily series over ten years would be 3,650 points nobody can read. */
export const MAX_SERIES_POINTS = 400;
/** The default period: the 30 whole local days before today. */
export const DEFAULT_PERIOD_DAYS = 30;

export class PeriodError extends Error {
  constructor(
    readonly code: "invalid_period" | "invalid_date" | "too_many_points",
    message: string,
  ) {
    super(message);
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;
const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An ISO-8601 date or date-time. Bare dates and times without an offset are read in the
 * organisation's time zone; a time with `Z` or an offset is that instant.
 */
export function parseInstant(input: string, timeZone: string): Date {
  const text = input.trim();
  if (DATE_ONLY.test(text)) {
    const [y, m, d] = text.split("-").map(Number) as [number, number, number];
    return checked(new TZDate(y, m - 1, d, timeZone), text, y, m, d);
  }
  const local = LOCAL_DATE_TIME.exec(text);
  if (local && !WITH_OFFSET.test(text)) {
    const [, y, m, d, hh, mm, ss, ms] = local.map(Number) as number[];
    return checked(new TZDate(y!, m! - 1, d!, hh!, mm!, ss || 0, ms || 0, timeZone), text, y!, m!, d!);
  }
  if (!WITH_OFFSET.test(text) || !/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    throw new PeriodError("invalid_date", `"${input}" is not an ISO-8601 date (2026-03-01) or date-time (2026-03-01T10:00:00Z)`);
  }
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new PeriodError("invalid_date", `"${input}" is not a valid date-time`);
  return date;
}

function checked(date: TZDate, text: string, y: number, m: number, d: number): Date {
  // TZDate rolls 2026-02-30 over to March: a date that does not exist is refused, not moved.
  if (Number.isNaN(date.getTime()) || date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) {
    throw new PeriodError("invalid_date", `"${text}" is not a date that exists`);
  }
  return new Date(date.getTime());
}

export interface ResolvedPeriod extends Period {
  /** Set when the asked period was longer than MAX_PERIOD_DAYS and was cut. */
  notice: string | null;
}

/** `from`/`to` as sent (either may be missing) -> the period, with the defaults and the cap applied. */
export function resolvePeriod(input: { from?: string | Date | null; to?: string | Date | null }, timeZone: string, now: Date): ResolvedPeriod {
  const read = (v: string | Date) => (v instanceof Date ? v : parseInstant(v, timeZone));
  const today = startOfDay(new TZDate(now.getTime(), timeZone));
  let to = input.to ? read(input.to) : input.from ? now : new Date(today.getTime());
  let from = input.from ? read(input.from) : new Date(addDays(new TZDate(to.getTime(), timeZone), -DEFAULT_PERIOD_DAYS).getTime());
  if (!input.to && input.from && from >= to) to = new Date(from.getTime() + 1);
  if (from >= to) throw new PeriodError("invalid_period", `from (${from.toISOString()}) must be before to (${to.toISOString()})`);
  let notice: string | null = null;
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
    const cut = new Date(to.getTime() - MAX_PERIOD_DAYS * 86_400_000);
    notice = `the period was longer than ${MAX_PERIOD_DAYS} days and now starts at ${cut.toISOString()}`;
    from = cut;
  }
  return { from, to, notice };
}

function isFirstOfMonthMidnight(date: Date, timeZone: string): boolean {
  const local = new TZDate(date.getTime(), timeZone);
  return local.getDate() === 1 && startOfDay(local).getTime() === date.getTime();
}

/**
 * The period just before: whole calendar months when `from` and `to` are both local midnights on the
 * 1st of a month (Q1 is compared with Q4, not with 90 days), else the same length just before `from`.
 */
export function previousPeriod(period: Period, timeZone: string): Period {
  if (isFirstOfMonthMidnight(period.from, timeZone) && isFirstOfMonthMidnight(period.to, timeZone)) {
    const from = new TZDate(period.from.getTime(), timeZone);
    const months = differenceInCalendarMonths(new TZDate(period.to.getTime(), timeZone), from);
    return { from: new Date(addMonths(from, -months).getTime()), to: period.from };
  }
  return { from: new Date(period.from.getTime() - (period.to.getTime() - period.from.getTime())), to: period.from };
}

const START_OF: Record<Interval, (d: TZDate) => TZDate> = {
  day: (d) => startOfDay(d),
  week: (d) => startOfISOWeek(d),
  month: (d) => startOfMonth(d),
};
const ADD: Record<Interval, (d: TZDate, n: number) => TZDate> = {
  day: (d, n) => addDays(d, n),
  week: (d, n) => addWeeks(d, n),
  month: (d, n) => addMonths(d, n),
};

/**
 * The buckets of a series: days, ISO weeks (Monday first) or months cut in the time zone, the first
 * and last clipped to the period, so the buckets cover the period exactly once.
 */
export function bucketsOf(period: Period, interval: Interval, timeZone: string): Period[] {
  const buckets: Period[] = [];
  let start = START_OF[interval](new TZDate(period.from.getTime(), timeZone));
  for (let n = 1; start.getTime() < period.to.getTime(); n++) {
    if (buckets.length >= MAX_SERIES_POINTS) {
      throw new PeriodError("too_many_points", `a ${interval}ly series of this period has more than ${MAX_SERIES_POINTS} points: choose a longer interval or a shorter period`);
    }
    const next = ADD[interval](START_OF[interval](new TZDate(period.from.getTime(), timeZone)), n);
    buckets.push({ from: new Date(Math.max(start.getTime(), period.from.getTime())), to: new Date(Math.min(next.getTime(), period.to.getTime())) });
    start = next;
  }
  return buckets;
}

/** "2026-03": the local month of an instant, the name of a cohort. */
export function monthKey(date: Date, timeZone: string): string {
  const local = new TZDate(date.getTime(), timeZone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}`;
}

/** The local midnight starting the month named "2026-03". */
export function monthStart(key: string, timeZone: string): Date {
  const [y, m] = key.split("-").map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, 1, timeZone).getTime());
}

/** Local midnight starting the `n`-th month after the month of `date` (0: its own month). */
export function addLocalMonths(date: Date, n: number, timeZone: string): Date {
  return new Date(addMonths(startOfMonth(new TZDate(date.getTime(), timeZone)), n).getTime());
}
