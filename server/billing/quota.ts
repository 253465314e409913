import "server-only";
import type { Executor } from "@/db";
import { hardLimit, PLANS, type PlanKey } from "@/lib/billing/plans";
import { isBillingEnabled } from "./config";
import { knownUsage } from "./meter";
import type { UsagePeriod } from "./standing";
import type { PeriodUsage } from "./usage";

export interface QuotaRefusal {
  plan: PlanKey;
  quota: number;
  events: number;
  period: UsagePeriod;
  retryAfterSeconds: number;
}

export interface QuotaCheck {
  /** Null while the organisation may send more; else why not. */
  refusal: QuotaRefusal | null;
  /** What was read (null with billing off: nothing is limited, nothing read), for the meter. */
  usage: PeriodUsage | null;
}

/**
 * Refused from the quota plus its grace margin on: a batch that starts below that line is taken
 * whole (a batch is never split), so the count may end a batch past it.
 */
export async function checkQuota(db: Executor, orgId: string, now = new Date()): Promise<QuotaCheck> {
  if (!isBillingEnabled()) return { refusal: null, usage: null };
  const usage = await knownUsage(db, orgId, now);
  const quota = PLANS[usage.plan].monthlyEvents;
  if (usage.events < hardLimit(quota)) return { refusal: null, usage };
  return {
    usage,
    refusal: {
      plan: usage.plan,
      quota,
      events: usage.events,
      period: usage.period,
      retryAfterSeconds: Math.max(1, Math.ceil((usage.period.end.getTime() - now.getTime()) / 1000)),
    },
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
