import "server-only";
import { and, eq, lte, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { billingAccounts, billingInvoices, organizations } from "@/db/schema";
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
 * The account a Stripe customer belongs to, locked for the change. The customer is created by
 * Aftercart before Checkout (server/billing/checkout.ts), so it is known before any webhook; the
 * organisation id in the object's metadata covers a customer made some other way.
 */
export async function lockAccountOfCustomer(tx: Executor, customerId: string, orgIdHint: string | null): Promise<Account | null> {
  const [known] = await tx.select().from(billingAccounts).where(eq(billingAccounts.stripeCustomerId, customerId)).for("update");
  if (known) return known;
  if (!orgIdHint || !/^[0-9a-f-]{36}$/i.test(orgIdHint)) return null;
  const [org] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgIdHint));
  if (!org) return null;
  await tx.insert(billingAccounts).values({ orgId: org.id, stripeCustomerId: customerId }).onConflictDoNothing();
  const [row] = await tx.select().from(billingAccounts).where(eq(billingAccounts.orgId, org.id)).for("update");
  // An organisation that already has another customer keeps it: the hint does not move it.
  return row && row.stripeCustomerId === customerId ? row : null;
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
  const plan: PlanKey | null = planOfPrice(config, snapshot.priceId);
  if (!plan) return `ignored: price ${snapshot.priceId ?? "(none)"} is not one of this server's plans`;
  const next = {
    subscriptionId: snapshot.id,
    plan,
    priceId: snapshot.priceId,
    status: reconcileStatus(snapshot.status, eventAt, account),
    currentPeriodStart: snapshot.currentPeriodStart,
    currentPeriodEnd: snapshot.currentPeriodEnd,
    cancelAtPeriodEnd: snapshot.cancelAtPeriodEnd,
    trialEnd: snapshot.trialEnd,
    subscriptionCreatedAt: snapshot.createdAt,
    stateAt: eventAt,
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
  return `applied: ${PLANS[applied].name} plan, ${SUBSCRIPTION_STATUS_LABELS[next.status] ?? next.status}${snapshot.cancelAtPeriodEnd ? ", cancels at period end" : ""}`;
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
