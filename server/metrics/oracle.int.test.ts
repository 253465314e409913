import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { TZDate } from "@date-fns/tz";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { exchangeRates } from "@/db/schema";
import { eraseCustomer } from "@/server/services/customer-privacy";
import { getMetric } from "./catalog";
import type { MetricResult } from "./engine";
import type { Interval } from "./period";
import { metricFixture } from "./testing/fixture";
import { agrees, valueAt } from "./testing/oracle/compare";
import { Dataset, DEFAULT_ORACLE_SETTINGS, HOUR, type OracleSettings, type SentEvent, type Span } from "./testing/oracle/dataset";
import { ORACLE_BREAKDOWNS, ORACLE_VALUES } from "./testing/oracle/index";
import { historyAfterErasure } from "./testing/oracle/erasure";
import { oracleHistory } from "./testing/oracle/random-events";
import { segmentMembers, type OracleSegment } from "./testing/oracle/segment";

// The engine against the oracle (server/metrics/testing/oracle): a second reading of metrics.md and
// events.md, in memory, sharing no code with the engine. Random histories of every event type go
// through the real ingest; every metric the oracle knows is read for a calendar month (whose
// previous period is the month before) by ISO week, a ragged span (hours, not days) by day, one day
// and a quarter by month, each at two instants: long after the data (no case pending) and just after
// March (late-March cases pending); every bucket of a series is checked as a period of its own. All of it in UTC, again for an organisation
// in New York (local days, weeks and months; a daylight-saving change in March; books in dollars),
// and for one in Berlin that sets every metric setting (churn and abandonment windows, step order,
// contact cost, CLV lifespan, control variant). Every organisation has the same exchange-rate table.
// A mismatch prints the metric, the period, both numbers and the shrunk history.
//
// ORACLE_KEYS=k1,k2 limits the metrics, ORACLE_RUNS the histories (default 4), ORACLE_SEED replays
// one, ORACLE_PRINT=1 prints the engine's answers of the first history (to read breakdown shapes),
// ORACLE_SHRINK_SECONDS bounds the shrinking of a failure (default 240; 0 for a quick verdict),
// ORACLE_PATH with ORACLE_SEED replays the one failing history a run printed.
const RUNS = Number(process.env.ORACLE_RUNS ?? 4);
const SEED = process.env.ORACLE_SEED ? Number(process.env.ORACLE_SEED) : undefined;
// With ORACLE_SEED, the `path` a failure printed replays that history alone (and shrinks it).
const PATH = process.env.ORACLE_PATH;
const ONLY = process.env.ORACLE_KEYS?.split(",").filter(Boolean);
const PRINT = process.env.ORACLE_PRINT === "1";
const SHRINK_BUDGET_MS = Number(process.env.ORACLE_SHRINK_SECONDS ?? 240) * 1000;

const INSTANTS = [new Date("2026-06-30T00:00:00Z"), new Date("2026-04-03T12:00:00Z")];

/**
 * An organisation (its zone and the settings the definitions read) and the periods read in it, some
 * with a series. New York moves its clocks on 8 March 2026: its March has
 * a 23-hour day, and that day is its third period. The Berlin shop sets every metric setting.
 */
interface Organisation {
  name: string;
  settings: Partial<OracleSettings>;
  /** The same settings as organisation columns. */
  columns: Parameters<typeof metricFixture>[1];
  periods: { from: string; to: string; interval?: Interval }[];
}
/**
 * Every organisation's exchange-rate table: a rate change on 10 March (a New York evening of the 9th is
 * still the old rate), yen with no minor unit, and pounds with no rate at all (left out of money sums).
 * New York keeps its books in dollars, so its USD rows are never read and EUR is converted.
 */
const RATES = [
  { currency: "USD", on: "2026-02-20", rate: 0.9 },
  { currency: "USD", on: "2026-03-10", rate: 0.8 },
  { currency: "EUR", on: "2026-03-01", rate: 1.1 },
  { currency: "EUR", on: "2026-03-10", rate: 1.25 },
  { currency: "JPY", on: "2026-02-01", rate: 0.0061 },
  { currency: "JPY", on: "2026-04-01", rate: 0.0059 },
];

const UTC: Organisation = {
  name: "UTC, default settings",
  settings: {},
  columns: {},
  periods: [
    { from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z", interval: "week" },
    { from: "2026-03-05T06:00:00Z", to: "2026-03-19T18:30:00Z", interval: "day" },
    { from: "2026-03-10T00:00:00Z", to: "2026-03-11T00:00:00Z" },
    { from: "2026-02-01T00:00:00Z", to: "2026-05-01T00:00:00Z", interval: "month" },
  ],
};
const NEW_YORK: Organisation = {
  name: "New York, in dollars",
  settings: { timeZone: "America/New_York", currency: "USD" },
  columns: { timeZone: "America/New_York", currency: "USD" },
  periods: [
    { from: "2026-03-01T00:00:00-05:00", to: "2026-04-01T00:00:00-04:00", interval: "week" },
    { from: "2026-03-05T06:00:00Z", to: "2026-03-19T18:30:00Z", interval: "day" },
    { from: "2026-03-08T00:00:00-05:00", to: "2026-03-09T00:00:00-04:00" },
  ],
};
const BERLIN_OWN_SETTINGS: Organisation = {
  name: "Berlin, its own settings",
  settings: {
    timeZone: "Europe/Berlin",
    churnWindowDays: 60,
    abandonmentHours: 48,
    stepOrder: ["cart", "payment", "upsell", "review"],
    costPerContact: 3.5,
    clvLifespanYears: 2.5,
    controlVariant: "B",
  },
  columns: {
    timeZone: "Europe/Berlin",
    churnWindowDays: 60,
    abandonmentWindowHours: 48,
    checkoutSteps: ["cart", "payment", "upsell", "review"],
    supportContactCostMinor: 350,
    clvLifespanYears: "2.5",
    controlVariant: "B",
  },
  periods: [
    { from: "2026-03-01T00:00:00+01:00", to: "2026-04-01T00:00:00+02:00", interval: "week" },
    { from: "2026-03-05T06:00:00Z", to: "2026-03-19T18:30:00Z" },
    { from: "2026-03-29T00:00:00+01:00", to: "2026-03-30T00:00:00+02:00" },
  ],
};
const ORGANISATIONS = [UTC, NEW_YORK, BERLIN_OWN_SETTINGS];

/** metrics.md "Previous period", read independently of the engine's period code. */
function previousOf(p: Span, timeZone: string): Span {
  const from = new TZDate(p.from, timeZone);
  const to = new TZDate(p.to, timeZone);
  const monthStart = (d: TZDate) => d.getDate() === 1 && d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0 && d.getMilliseconds() === 0;
  if (monthStart(from) && monthStart(to)) {
    const months = (to.getFullYear() - from.getFullYear()) * 12 + to.getMonth() - from.getMonth();
    return { from: new TZDate(from.getFullYear(), from.getMonth() - months, 1, timeZone).getTime(), to: p.from };
  }
  return { from: p.from - (p.to - p.from), to: p.from };
}

const KEYS = Object.keys(ORACLE_VALUES).filter((k) => !ONLY || ONLY.includes(k));
const TABLE_KEYS = Object.keys(ORACLE_BREAKDOWNS).filter((k) => !ONLY || ONLY.includes(k));

/**
 * A series' buckets tile the period at local midnights (Mondays for weeks, the 1st for months), the
 * first and last cut to the period; each is worth the oracle's value for it as a period of its own.
 */
function seriesMismatches(key: string, interval: Interval, result: MetricResult, data: Dataset, p: Span, where: string): string[] {
  const series = result.series ?? [];
  const starts = series.map((point) => Date.parse(point.start));
  const ends = series.map((point) => Date.parse(point.end));
  const bucketStart = (s: number) => {
    const date = data.localDate(s);
    const midnight = data.localDate(s - 1) !== date;
    if (interval === "week") return midnight && new Date(`${date}T00:00:00Z`).getUTCDay() === 1;
    if (interval === "month") return midnight && date.endsWith("-01");
    return midnight;
  };
  const tiled = starts[0] === p.from && ends.at(-1) === p.to && starts.every((s, i) => i === 0 || (s === ends[i - 1] && bucketStart(s)));
  if (!tiled) return [`${key} ${interval} series of ${where} does not tile the period: ${series.map((x) => x.start).join(", ")}`];
  return series.flatMap((point, i) => {
    const expected = ORACLE_VALUES[key]!(data, { from: starts[i]!, to: ends[i]! });
    return agrees(point.value, expected) ? [] : [`${key} ${interval} of ${point.start} in ${where}: engine ${point.value}, oracle ${expected}`];
  });
}

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());

let printed = false;

async function fixtureWithRates(columns: Organisation["columns"]) {
  const f = await metricFixture(tdb.db, columns);
  await tdb.db.insert(exchangeRates).values(RATES.map((r) => ({ orgId: f.org.id, currency: r.currency, effectiveOn: r.on, rate: String(r.rate) })));
  return f;
}

/** The customer whose erasure takes the most away: the most orders placed, then the most events. */
function busiestCustomer(data: Dataset): string | undefined {
  const weight = (c: string) => data.placements.filter((e) => e.customer === c).length * 1000 + data.events.filter((e) => e.customer === c).length;
  return [...data.customers()].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b))[0];
}

/**
 * A fresh database holding `events` sent to an organisation at `now`, and the oracle's dataset of them.
 * `eraseOne`: the customer with the most orders (then events) is then erased (DELETE
 * /api/v1/customers/{id}), and the oracle reads the history without them.
 */
async function loaded(events: SentEvent[], org: Organisation, now: Date, eraseOne: boolean) {
  await tdb.truncate();
  const f = await fixtureWithRates(org.columns);
  await f.send(events, now);
  const erased = eraseOne ? busiestCustomer(new Dataset(events, now.getTime())) : undefined;
  if (erased) await eraseCustomer(tdb.db, { userId: null, label: "oracle test" }, f.org.id, erased);
  const settings = { ...DEFAULT_ORACLE_SETTINGS, rates: RATES, ...org.settings };
  const after = erased ? historyAfterErasure(events, now.getTime(), erased) : undefined;
  return { f, settings, erased, data: new Dataset(after?.history ?? events, now.getTime(), settings, after?.links) };
}

/** Every metric the oracle knows, for each period of `org`, at each instant; `eraseOne` as for `loaded`. */
async function mismatchesOf(history: SentEvent[], org: Organisation, eraseOne = false): Promise<string[]> {
  const found: string[] = [];
  for (const now of INSTANTS) {
    // Ingest rejects events more than an hour ahead of its "now"; a merchant could not have sent them yet.
    const events = history.filter((e) => Date.parse(e.timestamp) <= now.getTime() + HOUR);
    const { f, data, settings, erased } = await loaded(events, org, now, eraseOne);
    for (const period of org.periods) {
      const { from, to } = period;
      const p = { from: Date.parse(from), to: Date.parse(to) };
      const where = `[${from}, ${to}) (${org.name}${erased ? `, ${erased} erased` : ""}) at ${now.toISOString()}`;
      for (const key of new Set([...KEYS, ...TABLE_KEYS])) {
        const table = getMetric(key)!.unit === "table";
        const interval = table ? undefined : period.interval;
        const result: MetricResult = await f.measure(key, from, to, { now, compare: !table, interval });
        if (PRINT && !printed) console.log(key, where, JSON.stringify({ value: result.value, previous: result.previous, breakdown: result.breakdown }));
        const value = ORACLE_VALUES[key];
        if (value) {
          const expected = value(data, p);
          if (!agrees(result.value, expected)) found.push(`${key} ${where}: engine ${result.value}, oracle ${expected}`);
          const expectedPrevious = value(data, previousOf(p, settings.timeZone));
          if (!agrees(result.previous, expectedPrevious)) found.push(`${key} previous of ${where}: engine ${result.previous}, oracle ${expectedPrevious}`);
          if (interval) found.push(...seriesMismatches(key, interval, result, data, p, where));
        }
        const breakdown = ORACLE_BREAKDOWNS[key];
        if (breakdown) {
          for (const [path, expected] of Object.entries(breakdown(data, p))) {
            const actual = valueAt(result.breakdown, path);
            if (!agrees(actual, expected)) found.push(`${key}.${path} ${where}: engine ${JSON.stringify(actual)}, oracle ${expected}`);
          }
        }
      }
    }
  }
  printed = true;
  return found;
}

/**
 * One property over random histories: `mismatchesIn` lists every disagreement for a history; none may
 * be found. A failure prints the shrunk history; ORACLE_RUNS and ORACLE_SEED apply to every such test.
 */
function everyHistoryAgrees(name: string, skip: boolean, title: string, mismatchesIn: (history: SentEvent[]) => Promise<string[]>) {
  describe(name, () => {
    it.skipIf(skip)(
      title,
      async () => {
        await fc.assert(
          fc.asyncProperty(oracleHistory, async (history) => {
            const found = await mismatchesIn(history as SentEvent[]);
            expect(found, found.join("\n")).toEqual([]);
          }),
          { numRuns: RUNS, seed: SEED, path: PATH, interruptAfterTimeLimit: SHRINK_BUDGET_MS + RUNS * 60_000, markInterruptAsFailure: true, endOnFailure: SHRINK_BUDGET_MS === 0 },
        );
      },
      SHRINK_BUDGET_MS + RUNS * 90_000,
    );
  });
}

everyHistoryAgrees(
  "the engine agrees with the oracle on random histories",
  KEYS.length + TABLE_KEYS.length === 0,
  "every metric the oracle knows, for a month by week, a ragged span by day, a day and a quarter by month, at two instants, in three organisations",
  async (history) => {
    const found: string[] = [];
    for (const org of ORGANISATIONS) found.push(...(await mismatchesOf(history, org)));
    return found;
  },
);

// An erasure takes the customer's part of the data away (api.md: "erases it all"): every metric must
// then be what it would be had the merchant never sent that part (testing/oracle/erasure.ts).
everyHistoryAgrees(
  "the engine agrees with the oracle after an erasure",
  KEYS.length + TABLE_KEYS.length === 0,
  "every metric the oracle knows, in one of the three organisations (by the history's length: local-day rollups lose days in each zone), once its busiest customer is erased",
  (history) => mismatchesOf(history, ORGANISATIONS[history.length % ORGANISATIONS.length]!, true),
);

// A segment is a set of customers evaluated at `to` (metrics.md "Segments"); through one, a metric is
// the same metric computed on those customers' data alone, and the segment is applied unchanged to the
// previous period and to every bucket of the series (so each is the oracle's value on the same part).
const SEGMENTS: OracleSegment[] = [{ traits: { country: "DE" } }, { loyalty: "member" }, { loyalty: "non_member" }, { engagement: "low" }, { cohort: "2026-02" }, { cohort: "2026-04" }];

/**
 * The first period of one of the three organisations (by the history's length, as for erasures): a month
 * by week; then the same once the busiest customer is erased (segments are evaluated on what is left).
 */
async function segmentMismatchesOf(history: SentEvent[]): Promise<string[]> {
  const found: string[] = [];
  const org = ORGANISATIONS[history.length % ORGANISATIONS.length]!;
  const now = INSTANTS[0]!;
  for (const eraseOne of [false, true]) {
    const { f, data, settings, erased } = await loaded(history, org, now, eraseOne);
    const { from, to, interval } = org.periods[0]!;
    const p = { from: Date.parse(from), to: Date.parse(to) };
    for (const segment of SEGMENTS) {
      const part = data.restrictTo(segmentMembers(data, segment, p.to));
      const where = `segment ${JSON.stringify(segment)} [${from}, ${to}) (${org.name}${erased ? `, ${erased} erased` : ""})`;
      for (const key of new Set([...KEYS, ...TABLE_KEYS])) {
        const table = getMetric(key)!.unit === "table";
        const result = await f.measure(key, from, to, { now, compare: !table, interval: table ? undefined : interval, segment });
        const value = ORACLE_VALUES[key];
        if (value) {
          const expected = value(part, p);
          if (!agrees(result.value, expected)) found.push(`${key} ${where}: engine ${result.value}, oracle ${expected}`);
          const expectedPrevious = value(part, previousOf(p, settings.timeZone));
          if (!agrees(result.previous, expectedPrevious)) found.push(`${key} previous ${where}: engine ${result.previous}, oracle ${expectedPrevious}`);
          if (interval) found.push(...seriesMismatches(key, interval, result, part, p, where));
        }
        for (const [path, expected] of Object.entries(ORACLE_BREAKDOWNS[key]?.(part, p) ?? {})) {
          const actual = valueAt(result.breakdown, path);
          if (!agrees(actual, expected)) found.push(`${key}.${path} ${where}: engine ${JSON.stringify(actual)}, oracle ${expected}`);
        }
      }
    }
  }
  return found;
}

everyHistoryAgrees(
  "the engine agrees with the oracle through segments",
  KEYS.length + TABLE_KEYS.length === 0,
  "traits, loyalty, engagement and cohort segments of a month by week, its previous month and breakdowns, in one of the three organisations, before and after an erasure",
  segmentMismatchesOf,
);
