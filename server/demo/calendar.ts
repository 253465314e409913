import type { Rng } from "./random";

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
/** The demo covers the 365 days before its "now". */
export const HISTORY = 365 * DAY;

// A European shop: busy in autumn and before Christmas, quiet in February and August.
const MONTH_FACTOR = [0.9, 0.78, 0.92, 1, 1, 0.95, 0.88, 0.82, 1, 1.05, 1.3, 1.35];
// Sunday evening is shopping time; Saturday is spent outdoors.
const WEEKDAY_FACTOR = [1.15, 1.05, 1, 1, 1, 0.92, 0.82];
// Local hour of day: a lunch bump and an evening peak.
const HOUR_WEIGHTS = [0.9, 0.5, 0.3, 0.2, 0.2, 0.3, 0.7, 1.4, 2.2, 2.6, 2.8, 3, 3.6, 3.4, 3, 3, 3.1, 3.4, 4, 5, 5.4, 5, 3.6, 1.9];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
const MAX_SEASON = 1.35 * 1.15 * 2.4;

/** Black Friday (the day after the fourth Thursday of November) through Cyber Monday, in UTC days. */
function blackFridayWeekend(year: number): [number, number] {
  const firstOfNov = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - firstOfNov + 7) % 7);
  const friday = Date.UTC(year, 10, firstThursday + 22);
  return [friday, friday + 4 * DAY];
}

export function isBlackFridayWeekend(ms: number): boolean {
  const [from, to] = blackFridayWeekend(new Date(ms).getUTCFullYear());
  return ms >= from && ms < to;
}

/** How busy a day is compared with an ordinary one. */
export function seasonalFactor(ms: number): number {
  const d = new Date(ms);
  const month = d.getUTCMonth();
  let factor = MONTH_FACTOR[month]! * WEEKDAY_FACTOR[d.getUTCDay()]!;
  // Parcels ordered after about the 20th no longer arrive by Christmas.
  if (month === 11 && d.getUTCDate() >= 21) factor *= d.getUTCDate() >= 27 ? 0.8 : 0.55;
  if (isBlackFridayWeekend(ms)) factor *= 2.4;
  return factor;
}

export function startOfUtcDay(ms: number): number {
  return ms - (((ms % DAY) + DAY) % DAY);
}

/** A time of day on the UTC day of `ms`, drawn from the shopping-hour curve of a zone `offsetHours` from UTC. */
export function atShoppingHour(rng: Rng, ms: number, offsetHours: number): number {
  let x = rng.float() * HOUR_TOTAL;
  let localHour = 0;
  while (localHour < 23 && x >= HOUR_WEIGHTS[localHour]!) x -= HOUR_WEIGHTS[localHour++]!;
  const utcHour = (((localHour - offsetHours) % 24) + 24) % 24;
  return startOfUtcDay(ms) + utcHour * HOUR + Math.floor(rng.float() * HOUR);
}

/**
 * A moment in [from, to) where busy days are more likely than quiet ones, at a shopping hour.
 * `trend` tilts the draw towards the end of the range (1: flat, 2: the end twice as likely).
 */
export function busyMoment(rng: Rng, from: number, to: number, offsetHours: number, trend = 1): number {
  if (to <= from) return from;
  const maxTrend = Math.max(1, trend);
  for (let attempt = 0; attempt < 200; attempt++) {
    const t = rng.between(from, to);
    const tilt = 1 + (trend - 1) * ((t - from) / (to - from));
    if (rng.float() * MAX_SEASON * maxTrend < seasonalFactor(t) * tilt) {
      const placed = atShoppingHour(rng, t, offsetHours);
      if (placed >= from && placed < to) return placed;
    }
  }
  return rng.between(from, to);
}

/**
 * Arrival times of a Poisson process of `perYear` events a year over [from, to), thinned by the
 * season so that busy months get more of them.
 */
export function seasonalArrivals(rng: Rng, from: number, to: number, perYear: number, offsetHours: number): number[] {
  const times: number[] = [];
  if (perYear <= 0 || to <= from) return times;
  const peakRate = (perYear * MAX_SEASON) / 365 / DAY;
  for (let t = from + rng.exponential(1 / peakRate); t < to; t += rng.exponential(1 / peakRate)) {
    if (rng.float() * MAX_SEASON < seasonalFactor(t)) {
      const placed = atShoppingHour(rng, t, offsetHours);
      if (placed >= from && placed < to) times.push(placed);
    }
  }
  return times.sort((a, b) => a - b);
}

/** The next weekday at a working-hours time: warehouses ship and agents answer on weekdays. */
export function nextWorkingMoment(rng: Rng, ms: number): number {
  let t = ms;
  for (;;) {
    const day = new Date(t).getUTCDay();
    const hour = new Date(t).getUTCHours();
    if (day !== 0 && day !== 6 && hour >= 7 && hour < 17) return t;
    const nextMorning = startOfUtcDay(t) + (hour < 7 ? 0 : DAY) + 7 * HOUR + rng.between(0, 3) * HOUR;
    t = nextMorning;
  }
}

export function iso(ms: number): string {
  return new Date(Math.floor(ms / SECOND) * SECOND).toISOString().replace(".000Z", "Z");
}
