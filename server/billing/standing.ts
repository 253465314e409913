import { TZDate } from "@date-fns/tz";
import { addMonths, differenceInCalendarMonths } from "date-fns";
import { PLAN_HOLDING_STATUSES, PLANS, type PlanKey, type PlanLimits } from "@/lib/billing/plans";

/** What of a billing account decides the plan and the period (a billing_accounts row, or nothing). */
export interface AccountStanding {
  plan: string | null;
  status: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  /** Stripe's billing_cycle_anchor (older rows may lack it: the period start stands in). */
  billingCycleAnchor?: Date | null;
}

/** The plan whose limits apply: the subscription's while Stripe holds it live, else Free. */
export function effectivePlan(account: AccountStanding | null): PlanKey {
  if (!account?.plan || !account.status || !PLAN_HOLDING_STATUSES.includes(account.status)) return "free";
  return account.plan in PLANS ? (account.plan as PlanKey) : "free";
}

/** Limits in force; null means unlimited (billing off: a self-hosted server). */
export function limitsOf(plan: PlanKey, billingEnabled: boolean): PlanLimits | null {
  return billingEnabled ? PLANS[plan] : null;
}

export interface UsagePeriod {
  start: Date;
  end: Date;
}

/**
 * The billing period that holds `now`. A live subscription's period is Stripe's; when a renewal's
 * webhook is late (now past the stored end), the period rolls forward a month at a time from the
 * billing cycle anchor, as Stripe's monthly cycle does (not from the stored start, which may already
 * be a clamped day: 28 February of a cycle anchored on the 31st). Plans are sold monthly. Without a
 * live subscription the period is the calendar month in UTC.
 */
export function usagePeriod(account: AccountStanding | null, now: Date): UsagePeriod {
  const live = account && effectivePlan(account) !== "free" && account.currentPeriodStart && account.currentPeriodEnd;
  if (live && account.currentPeriodStart! <= now) {
    if (now < account.currentPeriodEnd!) return { start: account.currentPeriodStart!, end: account.currentPeriodEnd! };
    // Months counted from the anchor itself (not chained), in UTC: a period anchored on the 31st
    // ends on the 28th of February and the 31st of March, as Stripe's do.
    const anchor = new TZDate(account.billingCycleAnchor ?? account.currentPeriodStart!, "UTC");
    const at = (months: number) => new Date(addMonths(anchor, months).getTime());
    let months = Math.max(0, differenceInCalendarMonths(new TZDate(now, "UTC"), anchor) - 1);
    while (at(months + 1) <= now) months += 1;
    return { start: at(months), end: at(months + 1) };
  }
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { start, end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)) };
}
