import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { billingAccounts, billingInvoices } from "@/db/schema";
import { PAID_PLANS, PLANS, quotaLevel, type PaidPlanKey, type PlanKey, type QuotaLevel } from "@/lib/billing/plans";
import { billingConfig, isBillingEnabled, soldPrice } from "./config";
import { seatsTaken, widgetCount } from "./limits";
import { usageOf } from "./usage";

/** The plan, its state and the period's usage: what the banners on every page need. */
export interface BillingStanding {
  /** False on a self-hosted server without Stripe: no limits, nothing to buy. */
  enabled: boolean;
  plan: PlanKey;
  /** Stripe's status of the subscription, null on Free without one. */
  status: string | null;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date | null;
  trialEnd: Date | null;
  paymentFailure: { at: Date; message: string } | null;
  requestedPlan: PlanKey | null;
  hasCustomer: boolean;
  usage: { events: number; quota: number | null; level: QuotaLevel; periodStart: Date; periodEnd: Date };
}

export interface BillingOverview extends BillingStanding {
  seats: { used: number; members: number; invitations: number; limit: number | null };
  widgets: { used: number; limit: number | null };
  /** Paid plans this server can sell (a price id is configured). */
  purchasable: PaidPlanKey[];
}

/** The account read once, and the period's count from it. */
export async function billingStanding(db: Executor, orgId: string, now = new Date()): Promise<BillingStanding> {
  const enabled = isBillingEnabled();
  const [account] = await db.select().from(billingAccounts).where(eq(billingAccounts.orgId, orgId));
  const usage = await usageOf(db, orgId, account ?? null, now);
  const quota = enabled ? PLANS[usage.plan].monthlyEvents : null;
  return {
    enabled,
    plan: usage.plan,
    status: account?.status ?? null,
    cancelAtPeriodEnd: account?.cancelAtPeriodEnd ?? false,
    currentPeriodEnd: account?.currentPeriodEnd ?? null,
    trialEnd: account?.trialEnd ?? null,
    paymentFailure: account?.paymentFailedAt && account.paymentFailureMessage ? { at: account.paymentFailedAt, message: account.paymentFailureMessage } : null,
    requestedPlan: account?.requestedPlan && account.requestedPlan in PLANS ? (account.requestedPlan as PlanKey) : null,
    hasCustomer: Boolean(account),
    usage: { events: usage.events, quota, level: quotaLevel(usage.events, quota), periodStart: usage.period.start, periodEnd: usage.period.end },
  };
}

/** Everything the billing page shows, for any member (invoices are separate: owners only). */
export async function billingOverview(db: Executor, orgId: string, now = new Date()): Promise<BillingOverview> {
  const [standing, seats, widgets] = await Promise.all([billingStanding(db, orgId, now), seatsTaken(db, orgId, now), widgetCount(db, orgId)]);
  const limits = standing.enabled ? PLANS[standing.plan] : null;
  const config = billingConfig();
  return {
    ...standing,
    seats: { used: seats.members + seats.invitations, ...seats, limit: limits?.seats ?? null },
    widgets: { used: widgets, limit: limits?.widgets ?? null },
    purchasable: config ? PAID_PLANS.filter((p) => soldPrice(config, p)) : [],
  };
}

/** The organisation's invoices, newest first, as Stripe's webhooks described them. */
export async function listInvoices(db: Executor, orgId: string) {
  return db
    .select({
      id: billingInvoices.id,
      number: billingInvoices.number,
      status: billingInvoices.status,
      currency: billingInvoices.currency,
      amountDueMinor: billingInvoices.amountDueMinor,
      amountPaidMinor: billingInvoices.amountPaidMinor,
      hostedInvoiceUrl: billingInvoices.hostedInvoiceUrl,
      periodStart: billingInvoices.periodStart,
      periodEnd: billingInvoices.periodEnd,
      issuedAt: billingInvoices.issuedAt,
    })
    .from(billingInvoices)
    .where(eq(billingInvoices.orgId, orgId))
    .orderBy(desc(billingInvoices.issuedAt))
    .limit(24);
}
