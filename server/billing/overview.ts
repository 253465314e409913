import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { billingAccounts, billingInvoices } from "@/db/schema";
import { PAID_PLANS, PLANS, quotaLevel, type PaidPlanKey, type PlanKey, type QuotaLevel } from "@/lib/billing/plans";
import { billingConfig, isBillingEnabled, soldPrice } from "./config";
import { seatsTaken, widgetCount } from "./limits";
import { effectivePlan } from "./standing";
import { currentUsage } from "./usage";

export interface BillingOverview {
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
  seats: { used: number; members: number; invitations: number; limit: number | null };
  widgets: { used: number; limit: number | null };
  /** Paid plans this server can sell (a price id is configured). */
  purchasable: PaidPlanKey[];
}

/** Everything the billing page and the banners show, for any member (invoices are separate: owners only). */
export async function billingOverview(db: Executor, orgId: string, now = new Date()): Promise<BillingOverview> {
  const enabled = isBillingEnabled();
  const [[account], usage, seats, widgets] = await Promise.all([
    db.select().from(billingAccounts).where(eq(billingAccounts.orgId, orgId)),
    currentUsage(db, orgId, now),
    seatsTaken(db, orgId, now),
    widgetCount(db, orgId),
  ]);
  const plan = effectivePlan(account ?? null);
  const limits = enabled ? PLANS[plan] : null;
  const quota = limits?.monthlyEvents ?? null;
  const config = billingConfig();
  return {
    enabled,
    plan,
    status: account?.status ?? null,
    cancelAtPeriodEnd: account?.cancelAtPeriodEnd ?? false,
    currentPeriodEnd: account?.currentPeriodEnd ?? null,
    trialEnd: account?.trialEnd ?? null,
    paymentFailure: account?.paymentFailedAt && account.paymentFailureMessage ? { at: account.paymentFailedAt, message: account.paymentFailureMessage } : null,
    requestedPlan: account?.requestedPlan && account.requestedPlan in PLANS ? (account.requestedPlan as PlanKey) : null,
    hasCustomer: Boolean(account),
    usage: { events: usage.events, quota, level: quotaLevel(usage.events, quota), periodStart: usage.period.start, periodEnd: usage.period.end },
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
