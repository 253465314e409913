import "server-only";
import { and, eq, lte, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { billingAccounts, billingInvoices } from "@/db/schema";
import { PLANS, SUBSCRIPTION_STATUS_LABELS, type PlanKey } from "@/lib/billing/plans";
import { fromMinorUnits } from "@/lib/money";
import { recordAudit } from "@/server/services/audit";
import { planOfPrice, type BillingConfig } from "./config";
import { reconcileStatus, subscriptionDecision } from "./ordering";
import type { InvoiceSnapshot, SubscriptionSnapshot } from "./snapshots";
import { effectivePlan } from "./standing";

const STRIPE = { userId: null, label: "Stripe" };

type Account = typeof billingAccounts.$inferSelect;

/**
 * The account a Stripe customer belongs to, locked for the change. Only customers Aftercart created
 * count (server/billing/checkout.ts records each before Checkout, so before any webhook): an
 * organisation id named in a webhook's metadata or client_reference_id is never trusted to bind a
 * customer, since a Payment Link or another integration of the same Stripe account could set it.
 */
export async function lockAccountOfCustomer(tx: Executor, customerId: string): Promise<Account | null> {
  const [known] = await tx.select().from(billingAccounts).where(eq(billingAccounts.stripeCustomerId, customerId)).for("update");
  return known ?? null;
}

const describe = (a: Pick<Account, "plan" | "status" | "cancelAtPeriodEnd" | "currentPeriodEnd">) => ({
  plan: a.plan,
  status: a.status,
  cancelAtPeriodEnd: a.cancelAtPeriodEnd,
  currentPeriodEnd: a.currentPeriodEnd?.toISOString() ?? null,
});

/** Takes a subscription's state if it is newer than the one held; returns what happened, for the event log. */
export async function applySubscription(
  tx: Executor,
  config: Pick<BillingConfig, "prices">,
  account: Account,
  snapshot: SubscriptionSnapshot,
  eventAt: Date,
): Promise<string> {
  const decision = subscriptionDecision(account, snapshot, eventAt);
  if (!decision.apply) return `ignored: ${decision.reason}`;
  const sameSubscription = account.subscriptionId === snapshot.id;
  // A price this server does not know (removed from STRIPE_PRICE_* while subscribers still pay it)
  // must not freeze the subscription's state: status, period and cancellation still apply, and the
  // plan stays what it was for the same subscription.
  const plan: PlanKey | null = planOfPrice(config, snapshot.priceId) ?? (sameSubscription && account.plan ? (account.plan as PlanKey) : null);
  const ended = snapshot.status === "canceled" || snapshot.status === "incomplete_expired";
  const next = {
    subscriptionId: snapshot.id,
    plan,
    priceId: snapshot.priceId,
    status: reconcileStatus(snapshot.status, eventAt, account),
    currentPeriodStart: snapshot.currentPeriodStart,
    currentPeriodEnd: snapshot.currentPeriodEnd,
    cancelAtPeriodEnd: snapshot.cancelAtPeriodEnd,
    trialEnd: snapshot.trialEnd,
    billingCycleAnchor: snapshot.billingCycleAnchor,
    subscriptionCreatedAt: snapshot.createdAt,
    stateAt: eventAt,
    // A failed payment belongs to its subscription: another subscription, or the end, clears it.
    ...(!sameSubscription || ended ? { paymentFailedAt: null, paymentFailureMessage: null } : {}),
    // A request is settled once Stripe reports the plan asked for (or the subscription ends).
    requestedPlan: account.requestedPlan === plan || snapshot.status === "canceled" ? null : account.requestedPlan,
  };
  await tx.update(billingAccounts).set(next).where(eq(billingAccounts.orgId, account.orgId));
  const before = describe(account);
  const after = describe(next);
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    await recordAudit(tx, { orgId: account.orgId, actor: STRIPE, action: "billing.subscription_changed", targetType: "subscription", targetId: snapshot.id, before, after });
  }
  const applied = effectivePlan(next);
  const unknownPrice = planOfPrice(config, snapshot.priceId) ? "" : ` (price ${snapshot.priceId ?? "(none)"} is not one of this server's plans)`;
  return `applied: ${PLANS[applied].name} plan, ${SUBSCRIPTION_STATUS_LABELS[next.status] ?? next.status}${snapshot.cancelAtPeriodEnd ? ", cancels at period end" : ""}${unknownPrice}`;
}

/**
 * Keeps the invoice for the billing page and the subscription's payment standing: a failed payment
 * of the current subscription makes it past due (Stripe retries; the banner says what failed), a
 * paid one clears that. Events older than the state held change the invoice row only.
 */
export async function applyInvoice(tx: Executor, account: Account, invoice: InvoiceSnapshot, eventAt: Date, outcome: "paid" | "failed"): Promise<string> {
  const row = {
    orgId: account.orgId,
    id: invoice.id,
    number: invoice.number,
    status: outcome === "paid" ? "paid" : invoice.status,
    currency: invoice.currency,
    amountDueMinor: invoice.amountDueMinor,
    amountPaidMinor: invoice.amountPaidMinor,
    hostedInvoiceUrl: invoice.hostedInvoiceUrl,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    issuedAt: invoice.issuedAt,
    stateAt: eventAt,
  };
  await tx
    .insert(billingInvoices)
    .values(row)
    .onConflictDoUpdate({
      target: [billingInvoices.orgId, billingInvoices.id],
      set: { ...row, updatedAt: new Date() },
      // A paid invoice stays paid whatever failure is delivered after it.
      setWhere: and(lte(billingInvoices.stateAt, eventAt), sql`${billingInvoices.status} <> 'paid'`),
    });
  if (!invoice.subscriptionId || invoice.subscriptionId !== account.subscriptionId) return `invoice ${invoice.id} recorded (not the current subscription's)`;
  if (account.paymentStateAt && eventAt < account.paymentStateAt) return `invoice ${invoice.id} recorded; a newer payment outcome is held`;
  const amount = `${fromMinorUnits(invoice.amountDueMinor, invoice.currency).toFixed(2)} ${invoice.currency}`;
  if (outcome === "failed") {
    const status = account.status === "active" || account.status === "trialing" ? "past_due" : account.status;
    const message = `Stripe could not collect ${amount} for invoice ${invoice.number ?? invoice.id}. It will retry; update the payment method in the billing portal.`;
    await tx
      .update(billingAccounts)
      .set({ status, paymentFailedAt: eventAt, paymentFailureMessage: message, paymentStateAt: eventAt })
      .where(eq(billingAccounts.orgId, account.orgId));
    await recordAudit(tx, { orgId: account.orgId, actor: STRIPE, action: "billing.payment_failed", targetType: "invoice", targetId: invoice.id, after: { amount, status } });
    return `payment failed: ${status}`;
  }
  const recovered = account.status === "past_due" || account.status === "unpaid";
  await tx
    .update(billingAccounts)
    .set({ status: recovered ? "active" : account.status, paymentFailedAt: null, paymentFailureMessage: null, paymentStateAt: eventAt })
    .where(eq(billingAccounts.orgId, account.orgId));
  if (recovered) await recordAudit(tx, { orgId: account.orgId, actor: STRIPE, action: "billing.payment_recovered", targetType: "invoice", targetId: invoice.id, after: { amount, status: "active" } });
  return recovered ? "paid: active again" : "paid";
}
