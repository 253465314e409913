import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { billingAccounts, usageCounters } from "@/db/schema";
import type { PlanKey } from "@/lib/billing/plans";
import { isBillingEnabled } from "./config";
import { effectivePlan, usagePeriod, type AccountStanding, type UsagePeriod } from "./standing";

export async function loadAccountStanding(db: Executor, orgId: string): Promise<AccountStanding | null> {
  const [row] = await db
    .select({
      plan: billingAccounts.plan,
      status: billingAccounts.status,
      currentPeriodStart: billingAccounts.currentPeriodStart,
      currentPeriodEnd: billingAccounts.currentPeriodEnd,
      billingCycleAnchor: billingAccounts.billingCycleAnchor,
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

async function periodCount(db: Executor, orgId: string, periodStart: Date): Promise<number> {
  const [row] = await db
    .select({ events: sql<string | null>`sum(${usageCounters.events})` })
    .from(usageCounters)
    .where(and(eq(usageCounters.orgId, orgId), eq(usageCounters.periodStart, periodStart)));
  return Number(row?.events ?? 0);
}

/** The current period's count (0 before the period's first event). With billing off, periods are calendar months. */
export async function currentUsage(db: Executor, orgId: string, now = new Date()): Promise<PeriodUsage> {
  return usageOf(db, orgId, isBillingEnabled() ? await loadAccountStanding(db, orgId) : null, now);
}

/** The same for an account already read (null: none, or billing off). */
export async function usageOf(db: Executor, orgId: string, account: AccountStanding | null, now = new Date()): Promise<PeriodUsage> {
  const held = isBillingEnabled() ? account : null;
  const period = usagePeriod(held, now);
  return { plan: effectivePlan(held), period, events: await periodCount(db, orgId, period.start) };
}

/** The period's count has reached a notice's threshold: the owners are told once (notify.ts). */
export interface QuotaCrossing {
  level: "warning" | "reached";
  plan: PlanKey;
  period: UsagePeriod;
  events: number;
}
