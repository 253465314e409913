import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { billingAccounts, usagePeriods } from "@/db/schema";
import { hardLimit, PLANS, QUOTA_WARNING_RATIO, type PlanKey } from "@/lib/billing/plans";
import { isBillingEnabled } from "./config";
import { effectivePlan, usagePeriod, type AccountStanding, type UsagePeriod } from "./standing";

export async function loadAccountStanding(db: Executor, orgId: string): Promise<AccountStanding | null> {
  const [row] = await db
    .select({
      plan: billingAccounts.plan,
      status: billingAccounts.status,
      currentPeriodStart: billingAccounts.currentPeriodStart,
      currentPeriodEnd: billingAccounts.currentPeriodEnd,
    })
    .from(billingAccounts)
    .where(eq(billingAccounts.orgId, orgId));
  return row ?? null;
}

export interface PeriodUsage {
  plan: PlanKey;
  period: UsagePeriod;
  events: number;
}

/** The current period's count (0 before the period's first event). */
export async function currentUsage(db: Executor, orgId: string, now = new Date()): Promise<PeriodUsage> {
  const account = await loadAccountStanding(db, orgId);
  const period = usagePeriod(account, now);
  const [row] = await db
    .select({ events: usagePeriods.events })
    .from(usagePeriods)
    .where(and(eq(usagePeriods.orgId, orgId), eq(usagePeriods.periodStart, period.start)));
  return { plan: effectivePlan(account), period, events: row?.events ?? 0 };
}

/** A threshold this batch crossed, for the owners to be told about once the batch has committed. */
export interface QuotaCrossing {
  level: "warning" | "reached";
  plan: PlanKey;
  period: UsagePeriod;
  events: number;
}

/**
 * Adds a batch's stored events to the period's count. Called last in the ingest transaction: the
 * row is one per organisation and period, so concurrent batches queue on it, and a batch that waits
 * here holds nothing another batch still needs. Counted with billing off too, so that the numbers
 * are there the day billing is switched on; crossings are reported only with billing on.
 */
export async function recordUsage(tx: Executor, orgId: string, stored: number, now = new Date()): Promise<QuotaCrossing | null> {
  if (stored <= 0) return null;
  const account = await loadAccountStanding(tx, orgId);
  const period = usagePeriod(account, now);
  const [row] = await tx
    .insert(usagePeriods)
    .values({ orgId, periodStart: period.start, periodEnd: period.end, events: stored })
    .onConflictDoUpdate({
      target: [usagePeriods.orgId, usagePeriods.periodStart],
      set: { events: sql`${usagePeriods.events} + excluded.events`, updatedAt: now },
    })
    .returning({ events: usagePeriods.events });
  if (!isBillingEnabled()) return null;
  const plan = effectivePlan(account);
  const quota = PLANS[plan].monthlyEvents;
  const after = row!.events;
  const before = after - stored;
  if (before < quota && after >= quota) return { level: "reached", plan, period, events: after };
  if (before < quota * QUOTA_WARNING_RATIO && after >= quota * QUOTA_WARNING_RATIO) return { level: "warning", plan, period, events: after };
  return null;
}

export interface QuotaRefusal {
  plan: PlanKey;
  quota: number;
  events: number;
  period: UsagePeriod;
  retryAfterSeconds: number;
}

/**
 * Null while the organisation may send more; else why not. Refused from the quota plus its grace
 * margin on: a batch that starts below that line is taken whole (a batch is never split), so the
 * count may end a batch past it.
 */
export async function quotaRefusal(db: Executor, orgId: string, now = new Date()): Promise<QuotaRefusal | null> {
  if (!isBillingEnabled()) return null;
  const usage = await currentUsage(db, orgId, now);
  const quota = PLANS[usage.plan].monthlyEvents;
  if (usage.events < hardLimit(quota)) return null;
  return {
    plan: usage.plan,
    quota,
    events: usage.events,
    period: usage.period,
    retryAfterSeconds: Math.max(1, Math.ceil((usage.period.end.getTime() - now.getTime()) / 1000)),
  };
}

/** The sentence a refused request carries: the plan, its limit, and what to do. */
export function describeRefusal(refusal: QuotaRefusal): string {
  const n = (v: number) => v.toLocaleString("en-US");
  return (
    `the ${PLANS[refusal.plan].name} plan includes ${n(refusal.quota)} events per billing period and this organisation has stored ` +
    `${n(refusal.events)} (the quota plus a ${n(hardLimit(refusal.quota) - refusal.quota)}-event grace margin); ` +
    `events are accepted again when the period ends on ${refusal.period.end.toISOString().slice(0, 10)}, or at once after an owner upgrades the plan in Settings → Billing`
  );
}
