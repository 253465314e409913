import "server-only";
import { randomInt } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { usageCounters } from "@/db/schema";
import { PLANS, quotaLevel } from "@/lib/billing/plans";
import { isBillingEnabled } from "./config";
import { usagePeriod, type UsagePeriod } from "./standing";
import { currentUsage, type PeriodUsage, type QuotaCrossing } from "./usage";

/**
 * Usage metering at ingest. Each batch's stored events are counted in its own transaction (exact: what
 * is acknowledged is counted), as one upsert into one of a few counter rows per period. What the
 * quota needs to know (the plan, the period, the count) is read at most once a second per instance and
 * kept up to date with this instance's own batches, so that a request with billing on pays one
 * statement for billing, not four (plan, count, upsert, count again). Other instances' batches reach
 * the quota within that second, which the 10 % grace margin absorbs.
 */

const READ_TTL_MS = 1_000;
/** Counter rows per period: one row would be a lock every batch of the organisation waits on until the one before has committed. */
export const USAGE_SHARDS = 16;

const reads = new Map<string, { usage: PeriodUsage; at: number }>();

/** The period usage of an organisation as this instance knows it: read at most once a second, plus its own batches since. */
export async function knownUsage(db: Executor, orgId: string, now = new Date()): Promise<PeriodUsage> {
  const read = reads.get(orgId);
  if (read && Date.now() - read.at <= READ_TTL_MS && now < read.usage.period.end) return { ...read.usage };
  const usage = await currentUsage(db, orgId, now);
  reads.set(orgId, { usage, at: Date.now() });
  if (reads.size > 50_000) reads.clear();
  return { ...usage };
}

/** Forgets what was read, so that the next check reads the database (tests that set counts directly call it). */
export function forgetUsageReads(): void {
  reads.clear();
}

export interface RecordedUsage {
  period: UsagePeriod;
  /** Set with billing on when the count is at or past a notice's threshold (not only when this batch crossed it: two concurrent batches may each miss the other's events). */
  crossing: QuotaCrossing | null;
}

/**
 * Counts a batch's stored events. The last statement of the ingest transaction: a batch that waits on
 * a counter row holds nothing another batch still needs. `known` is what the request's quota check
 * read (else this instance's knowledge, or with billing off the calendar month without a read).
 */
export async function recordUsage(tx: Executor, orgId: string, stored: number, known: PeriodUsage | null, now = new Date()): Promise<RecordedUsage | null> {
  if (stored <= 0) return null;
  const billing = isBillingEnabled();
  const usage = known ?? (billing ? await knownUsage(tx, orgId, now) : null);
  const period = usage?.period ?? usagePeriod(null, now);
  await tx
    .insert(usageCounters)
    .values({ orgId, periodStart: period.start, shard: randomInt(USAGE_SHARDS), events: stored })
    .onConflictDoUpdate({ target: [usageCounters.orgId, usageCounters.periodStart, usageCounters.shard], set: { events: sql`${usageCounters.events} + excluded.events` } });
  if (!usage) return { period, crossing: null };
  const events = usage.events + stored;
  const level = quotaLevel(events, PLANS[usage.plan].monthlyEvents);
  return { period, crossing: level === "ok" ? null : { level: level === "warning" ? "warning" : "reached", plan: usage.plan, period, events } };
}

/** After the batch committed: this instance's quota view counts it at once. */
export function noteStored(orgId: string, period: UsagePeriod, stored: number): void {
  const read = reads.get(orgId);
  if (read && read.usage.period.start.getTime() === period.start.getTime()) read.usage.events += stored;
}
