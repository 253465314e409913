/**
 * The plans, in one place: what each allows. The UI, the limits at ingest, invitations and widgets,
 * and the webhook's price -> plan mapping all read this table. Stripe holds the prices; the price ids
 * come from the environment (server/billing/config.ts), so a test account and a live one differ only
 * there.
 */
export const PLAN_KEYS = ["free", "growth", "scale"] as const;
export type PlanKey = (typeof PLAN_KEYS)[number];
export const PAID_PLANS = ["growth", "scale"] as const satisfies readonly PlanKey[];
export type PaidPlanKey = (typeof PAID_PLANS)[number];

export interface PlanLimits {
  /** Events stored per billing period (duplicates and rejected events do not count). */
  monthlyEvents: number;
  /** Members plus open invitations. */
  seats: number;
  widgets: number;
  /** How far back the plan promises to keep and show data, in days. */
  historyDays: number;
}

export interface Plan extends PlanLimits {
  key: PlanKey;
  name: string;
  summary: string;
}

export const PLANS: Record<PlanKey, Plan> = {
  free: {
    key: "free",
    name: "Free",
    summary: "For trying Aftercart on one shop.",
    monthlyEvents: 10_000,
    seats: 2,
    widgets: 1,
    historyDays: 90,
  },
  growth: {
    key: "growth",
    name: "Growth",
    summary: "For a growing shop and its team.",
    monthlyEvents: 500_000,
    seats: 10,
    widgets: 10,
    historyDays: 730,
  },
  scale: {
    key: "scale",
    name: "Scale",
    summary: "For high volume and many client portals.",
    monthlyEvents: 5_000_000,
    seats: 50,
    widgets: 100,
    historyDays: 1825,
  },
};

/**
 * Past the quota, ingest keeps accepting for this share of it before it refuses: a merchant whose
 * traffic spikes on the last day of the period loses nothing while the owners are being told.
 */
export const QUOTA_GRACE_RATIO = 0.1;

/** The share of the quota at which owners are told it is running out, then that it is used up. */
export const QUOTA_WARNING_RATIO = 0.8;

export type QuotaLevel = "ok" | "warning" | "reached" | "blocked";

/** Where a period's usage stands against a quota: below 80 %, from 80 %, from 100 %, past the grace margin. */
export function quotaLevel(used: number, quota: number | null): QuotaLevel {
  if (quota === null) return "ok";
  if (used >= hardLimit(quota)) return "blocked";
  if (used >= quota) return "reached";
  if (used >= quota * QUOTA_WARNING_RATIO) return "warning";
  return "ok";
}

/** The count at which ingest refuses: the quota plus its grace margin. */
export function hardLimit(quota: number): number {
  return Math.ceil(quota * (1 + QUOTA_GRACE_RATIO));
}

/** Stripe's subscription statuses, as the billing page names them. */
export const SUBSCRIPTION_STATUS_LABELS: Record<string, string> = {
  trialing: "Trial",
  active: "Active",
  past_due: "Past due",
  canceled: "Canceled",
  unpaid: "Unpaid",
  incomplete: "Incomplete",
  incomplete_expired: "Expired",
  paused: "Paused",
};

/**
 * The statuses under which a subscription's plan applies. Past due keeps it: Stripe is still retrying
 * the payment and the owners are told; unpaid, canceled and the incomplete states fall back to Free.
 */
export const PLAN_HOLDING_STATUSES: readonly string[] = ["trialing", "active", "past_due"];
