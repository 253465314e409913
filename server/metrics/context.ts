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
   * false: compute from raw events only, ignoring the rollups ingest maintains. The answers are the
   * same (the consistency test holds them to it); only the speed differs.
   */
  rollups?: boolean;
  /**
   * Relations several metrics of one request share (server/metrics/base.ts): a dashboard page asks
   * for its panels' metrics in separate reads over the same periods and segment, and the customer
   * base B(to) is the same for all of them. Lives as long as the request; absent, nothing is shared.
   */
  shared?: SharedRelations;
}

/** Per request: a relation's key (what it depends on) -> its rows, as PostgreSQL array literals. */
export type SharedRelations = Map<string, Promise<Record<string, string>>>;

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
  };
}
