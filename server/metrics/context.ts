import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { organizations } from "@/db/schema";
import type { Industry } from "@/lib/organization-options";
import type { Segment } from "@/lib/metrics/segment";

/** The organisation settings the metric definitions read (metrics.md, "Shared definitions"). */
export interface MetricSettings {
  orgId: string;
  currency: string;
  timeZone: string;
  industry: Industry;
  churnWindowDays: number;
  abandonmentWindowHours: number;
  checkoutSteps: string[];
  /** Cost of one support contact in minor units of `currency`; null when not set. */
  supportContactCostMinor: number | null;
  clvLifespanYears: number | null;
  controlVariant: string | null;
  /** The activity-day rollup does not hold this organisation's data yet: read raw events. */
  activityDaysStale: boolean;
  /** visit_sessions does not hold this organisation's sessions yet: read raw events. */
  visitSessionsStale: boolean;
  /** checkout_summaries does not hold this organisation's checkouts yet: read raw events. */
  checkoutSummariesStale: boolean;
}

export interface MetricContext {
  db: Executor;
  settings: MetricSettings;
  /** "Now" for outcome windows: a case whose window has not ended by now is pending. */
  now: Date;
  segment: Segment | null;
  /** Segments are evaluated at the asked period's `to`. */
  segmentAt: Date;
  /**
   * The segment's members (customer ids) as a PostgreSQL array literal, resolved once per evaluation by
   * evaluateMetric (withSegmentMembers, segment.ts) and read by every statement of it (inSegment). Unset:
   * each statement resolves the segment itself.
   */
  segmentMembers?: string;
  /**
   * false: compute from raw events only, ignoring the rollups ingest maintains. The answers are the
   * same (the consistency test holds them to it); only the speed differs.
   */
  rollups?: boolean;
  /**
   * What the metrics of one request share (sharedWithinRequest): a dashboard page asks for its
   * panels' metrics in separate reads over the same periods and segment, and they run the same
   * statements (retention and churn, orders and AOV) and build the same customer base B(to). Lives as
   * long as the request; absent, nothing is shared.
   */
  shared?: SharedRelations;
  /**
   * Of this read (readMetrics), set by the metrics that bring a lazy rollup up to date first: whether
   * one of them could not catch up (a name held by an open write). Such a read's answers are right for
   * what it could see, but are not kept as the answer (answer-cache.ts).
   */
  rollupsBehind?: { value: boolean };
}

/** Notes that a lazy rollup this read used had not caught up (see MetricContext.rollupsBehind). */
export function noteRollupCaughtUp(ctx: MetricContext, caughtUp: boolean): void {
  if (!caughtUp && ctx.rollupsBehind) ctx.rollupsBehind.value = true;
}

/** Per request: what an answer depends on (its key) -> the answer, computed once. */
export type SharedRelations = Map<string, Promise<unknown>>;

/**
 * `compute()` once per request and key: the second metric asking waits for the first one's answer.
 * The key must name everything the answer depends on. A failed answer is not kept: the next metric
 * tries again (and reports its own error). Without a request's map, it simply computes.
 */
export function sharedWithinRequest<T>(ctx: MetricContext, key: string, compute: () => Promise<T>): Promise<T> {
  const shared = ctx.shared;
  if (!shared) return compute();
  let answer = shared.get(key) as Promise<T> | undefined;
  if (!answer) {
    answer = compute();
    shared.set(key, answer);
    answer.catch(() => shared.delete(key));
  }
  return answer;
}

export async function loadMetricSettings(db: Executor, orgId: string): Promise<MetricSettings> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new Error(`organisation ${orgId} not found`);
  return {
    orgId: org.id,
    currency: org.currency,
    timeZone: org.timeZone,
    industry: org.industry,
    churnWindowDays: org.churnWindowDays,
    abandonmentWindowHours: org.abandonmentWindowHours,
    checkoutSteps: org.checkoutSteps,
    supportContactCostMinor: org.supportContactCostMinor,
    clvLifespanYears: org.clvLifespanYears === null ? null : Number(org.clvLifespanYears),
    controlVariant: org.controlVariant,
    activityDaysStale: org.activityDaysStale,
    visitSessionsStale: org.visitSessionsStale,
    checkoutSummariesStale: org.checkoutSummariesStale,
  };
}
