import "server-only";
import { eq, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Executor } from "@/db";
import { events } from "@/db/schema";
import { benchmarkOf, type Benchmark } from "@/lib/benchmarks/status";
import { isEmptySegment, type Segment } from "@/lib/metrics/segment";
import { loadTargets } from "@/server/services/benchmarks";
import { getMetric, listMetrics } from "./catalog";
import { loadMetricSettings, type MetricContext, type SharedRelations } from "./context";
import { answerCacheEnabled, dataVersionOf, fingerprintOf, horizonOf, keepAnswers, keptAnswers, stableUntil } from "./answer-cache";
import { evaluateMetric, type MetricResult } from "./engine";
import { PeriodError, resolvePeriod, type Interval, type Period } from "./period";
import type { MetricDefinition } from "./types";
import { cohortTable, latestComments } from "./voice";

/**
 * Most metrics one read may ask for: the whole catalog, so that one request can fetch every metric (keys
 * are deduplicated and must exist, so more distinct keys than this can only be a list of mostly unknown ones).
 */
export const MAX_KEYS_PER_READ = listMetrics().length;

export class MetricInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

export interface MetricRead {
  keys: readonly string[];
  from?: string | Date | null;
  to?: string | Date | null;
  interval?: Interval | null;
  segment?: Segment | null;
  compare?: boolean;
}

export interface MetricReadResult {
  from: string;
  to: string;
  interval: Interval | null;
  segment: Segment | null;
  timeZone: string;
  currency: string;
  /** Set when the period was cut to the longest allowed. */
  notice: string | null;
  metrics: (MetricResult & { benchmark: Benchmark | null })[];
}

export function metricsByKey(keys: readonly string[]): MetricDefinition[] {
  const unique = [...new Set(keys.map((k) => k.trim()).filter(Boolean))];
  if (unique.length === 0) throw new MetricInputError("missing_keys", "name at least one metric key (GET /api/v1/metrics/catalog lists them)");
  if (unique.length > MAX_KEYS_PER_READ) throw new MetricInputError("too_many_keys", `at most ${MAX_KEYS_PER_READ} metric keys per request (got ${unique.length})`);
  const unknown = unique.filter((k) => !getMetric(k));
  if (unknown.length) {
    throw new MetricInputError("unknown_metric", `unknown metric key${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")} (GET /api/v1/metrics/catalog lists them)`, { unknown });
  }
  return unique.map((k) => getMetric(k)!);
}

/**
 * Reads metrics for an organisation: the one service behind the REST API, tRPC and widgets. Period
 * problems (reversed, not a date, too many series points) become MetricInputError with a code.
 */
export async function readMetrics(
  db: Executor,
  orgId: string,
  read: MetricRead,
  now = new Date(),
  shared?: SharedRelations,
  /** `cache`: whether kept answers are served and fresh ones kept (default: answerCacheEnabled()). */
  options: { cache?: boolean } = {},
): Promise<MetricReadResult> {
  const metrics = metricsByKey(read.keys);
  const { ctx: base, period } = await metricContextFor(db, orgId, read, now);
  // The metrics of one read share their statements and relations (B(to), retention's counts): a caller
  // with several reads in one request (a dashboard page) passes its map, any other read gets its own.
  // Inside a caller's transaction the rows it shares could be another snapshot's: nothing is shared there.
  const ctx: MetricContext = db instanceof PgTransaction ? base : { ...base, shared: shared ?? new Map(), rollupsBehind: { value: false } };
  const { settings, segment } = ctx;
  // The metrics of a read run side by side: on PostgreSQL each takes a pooled connection (a dashboard
  // panel's eight metrics finish in the time of the slowest, not of their sum); the embedded database
  // has one connection and runs them in turn, as before.
  // Inside a caller's transaction there is one connection, whose savepoints must not interleave: in turn.
  const targets = await loadTargets(db, orgId, metrics.map((m) => m.key));
  const evaluate = (metric: MetricDefinition) => evaluateMetric(ctx, metric, period, { interval: read.interval, compare: read.compare });
  // Inside a caller's transaction the answers could be of its uncommitted writes: computed, not kept nor looked up.
  // `from` without `to` ends at the moment of the read: that period is never asked again.
  const endsNow = read.from != null && read.to == null;
  const cacheable = (options.cache ?? answerCacheEnabled()) && !(db instanceof PgTransaction) && !endsNow;
  const cache = cacheable ? await answerCacheFor(ctx, metrics, period, read) : null;
  let answers: MetricResult[];
  try {
    const missing = metrics.filter((m) => !cache?.kept.has(m.key));
    let computed: MetricResult[];
    if (db instanceof PgTransaction) {
      computed = [];
      for (const metric of missing) computed.push(await evaluate(metric));
    } else {
      computed = await Promise.all(missing.map(evaluate));
    }
    if (cache) await cache.keep(computed);
    const byKey = new Map([...(cache?.kept ?? []), ...computed.map((c) => [c.key, c] as const)]);
    answers = metrics.map((m) => byKey.get(m.key)!);
  } catch (error) {
    throw asInputError(error);
  }
  // Targets are the admins' and change without the data: applied to every answer, kept or computed.
  const results = answers.map((result, i) => ({ ...result, benchmark: benchmarkOf(result.value, targets.get(metrics[i]!.key), metrics[i]!.direction) }));
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    interval: read.interval ?? null,
    segment,
    timeZone: settings.timeZone,
    currency: settings.currency,
    notice: period.notice,
    metrics: results,
  };
}

/**
 * The read's answers still kept (by metric key), and how to keep the ones it computes. The data version
 * is read first, before anything is computed (answer-cache.ts keepAnswers). Keeping is a saving, not part
 * of the answer: a failure to keep is logged and the read goes on.
 */
async function answerCacheFor(ctx: MetricContext, metrics: readonly MetricDefinition[], period: Period, read: MetricRead) {
  const { db, settings, now } = ctx;
  const version = await dataVersionOf(db, settings.orgId);
  const fingerprints = new Map(
    metrics.map((m) => [
      m.key,
      fingerprintOf({ metric: m.key, from: period.from.toISOString(), to: period.to.toISOString(), interval: read.interval ?? null, segment: ctx.segment, compare: read.compare ?? true, settings }),
    ]),
  );
  const byFingerprint = await keptAnswers(db, settings.orgId, version, [...fingerprints.values()], now);
  const kept = new Map<string, MetricResult>();
  for (const [key, fingerprint] of fingerprints) {
    const answer = byFingerprint.get(fingerprint);
    if (answer) kept.set(key, answer);
  }
  const keep = async (computed: readonly MetricResult[]) => {
    // Read from a lazy rollup that could not catch up: right for what it saw, not necessarily the answer.
    if (computed.length === 0 || ctx.rollupsBehind?.value) return;
    try {
      const validUntil = await stableUntil(db, settings, now);
      const horizons = new Map(metrics.map((m) => [m.key, horizonOf(m, period, settings)]));
      await keepAnswers(
        db,
        settings.orgId,
        version,
        now,
        validUntil,
        computed.map((answer) => ({ fingerprint: fingerprints.get(answer.key)!, answer, horizon: horizons.get(answer.key) ?? null })),
      );
    } catch (error) {
      console.error("keeping metric answers failed; they are computed again on the next read:", error);
    }
  };
  return { kept, keep };
}

/** The organisation's settings, the resolved period and the segment: what every read starts from. */
async function metricContextFor(db: Executor, orgId: string, read: Pick<MetricRead, "from" | "to" | "segment">, now: Date) {
  const settings = await loadMetricSettings(db, orgId);
  let period;
  try {
    period = resolvePeriod({ from: read.from, to: read.to }, settings.timeZone, now);
  } catch (error) {
    throw asInputError(error);
  }
  const ctx: MetricContext = { db, settings, now, segment: isEmptySegment(read.segment) ? null : read.segment!, segmentAt: period.to };
  return { ctx, period };
}

function asInputError(error: unknown): unknown {
  if (error instanceof PeriodError) return new MetricInputError(error.code, error.message);
  return error;
}

/** The cohort table of GET /api/v1/cohorts and metric.cohorts. */
export async function readCohorts(db: Executor, orgId: string, read: Omit<MetricRead, "keys" | "interval" | "compare">, now = new Date()) {
  const { ctx, period } = await metricContextFor(db, orgId, read, now);
  const cohorts = await cohortTable(ctx, period);
  const segment = ctx.segment;
  return { from: period.from.toISOString(), to: period.to.toISOString(), segment, notice: period.notice, cohorts };
}

/** One index probe: has the organisation sent any event at all? */
export async function hasAnyEvents(db: Executor, orgId: string): Promise<boolean> {
  const [row] = await db.select({ one: sql<number>`1` }).from(events).where(eq(events.orgId, orgId)).limit(1);
  return row !== undefined;
}

/** The newest survey comments of the period (and segment): the voice page's list. */
export async function readComments(db: Executor, orgId: string, read: Omit<MetricRead, "keys" | "interval" | "compare"> & { limit: number }, now = new Date()) {
  const { ctx, period } = await metricContextFor(db, orgId, read, now);
  return { comments: await latestComments(ctx, period, read.limit) };
}
