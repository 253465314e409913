import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { billingAccounts } from "@/db/schema";
import { PLANS, type PaidPlanKey } from "@/lib/billing/plans";
import { badRequest, conflict } from "@/server/errors";
import { recordAudit, type Actor } from "@/server/services/audit";
import { appUrl } from "@/server/services/mailer";
import { soldPrice, type BillingConfig } from "./config";
import { effectivePlan } from "./standing";

/**
 * What owners ask Stripe for. None of these changes the organisation's plan itself: Stripe does, and
 * says so through a verified webhook (server/billing/webhook.ts). Until then the page shows the
 * request as pending.
 */

interface BillingOrg {
  id: string;
  slug: string;
  name: string;
}

function priceOf(config: BillingConfig, plan: PaidPlanKey): string {
  const price = soldPrice(config, plan);
  if (!price) throw badRequest(`The ${PLANS[plan].name} plan has no Stripe price on this server (STRIPE_PRICE_${plan.toUpperCase()}).`);
  return price;
}

/**
 * The organisation's Stripe customer, created on first use with the organisation's id in its
 * metadata. Webhooks only ever apply to customers recorded here (server/billing/sync.ts).
 */
async function customerOf(db: Executor, config: BillingConfig, org: BillingOrg): Promise<string> {
  const [account] = await db.select({ customerId: billingAccounts.stripeCustomerId }).from(billingAccounts).where(eq(billingAccounts.orgId, org.id));
  if (account) return account.customerId;
  const customer = await config.stripe.customers.create(
    // Nothing of the clicking owner in it: two owners clicking at once send the same request under
    // the same key and get one customer (Checkout asks for the billing email itself).
    { name: org.name, metadata: { orgId: org.id, orgSlug: org.slug } },
    { idempotencyKey: `aftercart-customer-${org.id}` },
  );
  await db.insert(billingAccounts).values({ orgId: org.id, stripeCustomerId: customer.id }).onConflictDoNothing();
  const [row] = await db.select({ customerId: billingAccounts.stripeCustomerId }).from(billingAccounts).where(eq(billingAccounts.orgId, org.id));
  return row!.customerId;
}

async function accountOf(db: Executor, orgId: string) {
  const [row] = await db.select().from(billingAccounts).where(eq(billingAccounts.orgId, orgId));
  return row ?? null;
}

const billingPage = (org: BillingOrg) => appUrl(`/${org.slug}/settings/billing`);

/** Stripe's statuses of a subscription that has not ended (it may still charge, or be paid and resume). */
const NOT_ENDED = ["trialing", "active", "past_due", "unpaid", "incomplete", "paused"];

/**
 * A Checkout session for an organisation without a subscription; one with a subscription changes
 * plan instead. Stripe itself is asked, not only the state held: a Checkout completed in another tab
 * whose webhook has not arrived yet, or an unpaid subscription, must not get a second subscription
 * beside it (both would be charged).
 */
export async function startCheckout(db: Executor, config: BillingConfig, actor: Actor, org: BillingOrg, plan: PaidPlanKey): Promise<{ url: string }> {
  const price = priceOf(config, plan);
  const account = await accountOf(db, org.id);
  if (account && effectivePlan(account) !== "free") {
    throw conflict(`${org.name} already has the ${PLANS[effectivePlan(account)].name} plan: change the plan instead of subscribing again.`);
  }
  const customer = await customerOf(db, config, org);
  const existing = await config.stripe.subscriptions.list({ customer, status: "all", limit: 20 });
  const open = existing.data.find((s) => NOT_ENDED.includes(s.status));
  if (open) {
    throw conflict(
      open.status === "unpaid" || open.status === "past_due" || open.status === "paused"
        ? `${org.name} has a subscription at Stripe waiting for payment: settle it in the billing portal instead of subscribing again.`
        : `${org.name} already has a subscription at Stripe (${open.status}); its confirmation is on its way. Reload this page in a moment.`,
    );
  }
  const session = await config.stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: org.id,
    line_items: [{ price, quantity: 1 }],
    subscription_data: { metadata: { orgId: org.id } },
    metadata: { orgId: org.id },
    allow_promotion_codes: true,
    success_url: `${billingPage(org)}?checkout=success`,
    cancel_url: `${billingPage(org)}?checkout=canceled`,
  });
  if (!session.url) throw new Error("Stripe returned a Checkout session without a URL");
  await recordAudit(db, { orgId: org.id, actor, action: "billing.checkout_started", targetType: "billing", after: { plan } });
  return { url: session.url };
}

/** Stripe's Billing Portal: payment methods, invoices, cancellation. */
export async function openPortal(db: Executor, config: BillingConfig, org: BillingOrg): Promise<{ url: string }> {
  const account = await accountOf(db, org.id);
  if (!account) throw badRequest("There is nothing to manage yet: subscribe to a plan first.");
  const session = await config.stripe.billingPortal.sessions.create({ customer: account.stripeCustomerId, return_url: billingPage(org) });
  return { url: session.url };
}

async function liveSubscription(db: Executor, orgId: string) {
  const account = await accountOf(db, orgId);
  if (!account?.subscriptionId || effectivePlan(account) === "free") throw badRequest("This organisation has no subscription: subscribe to a plan first.");
  return account as typeof account & { subscriptionId: string };
}

/**
 * Moves the subscription to another paid plan at once, prorated (Stripe invoices the difference of an
 * upgrade and credits a downgrade). Limits change when Stripe's webhook confirms it.
 */
export async function changePlan(db: Executor, config: BillingConfig, actor: Actor, org: BillingOrg, plan: PaidPlanKey): Promise<{ requested: PaidPlanKey }> {
  const price = priceOf(config, plan);
  const account = await liveSubscription(db, org.id);
  if (account.plan === plan) throw conflict(`${org.name} is already on the ${PLANS[plan].name} plan.`);
  const subscription = await config.stripe.subscriptions.retrieve(account.subscriptionId);
  const item = subscription.items.data[0];
  if (!item) throw new Error(`subscription ${account.subscriptionId} has no item`);
  // Marked before Stripe is asked: the webhook may commit before the call returns, and it clears the mark.
  await db.update(billingAccounts).set({ requestedPlan: plan }).where(eq(billingAccounts.orgId, org.id));
  try {
    // No idempotency key: setting the same price twice is harmless, and a key reused for a later
    // change back and forth would make Stripe replay the first answer and change nothing.
    await config.stripe.subscriptions.update(account.subscriptionId, { items: [{ id: item.id, price }], proration_behavior: "create_prorations", cancel_at_period_end: false });
  } catch (error) {
    await db.update(billingAccounts).set({ requestedPlan: null }).where(and(eq(billingAccounts.orgId, org.id), eq(billingAccounts.requestedPlan, plan)));
    throw error;
  }
  await recordAudit(db, { orgId: org.id, actor, action: "billing.plan_change_requested", targetType: "subscription", targetId: account.subscriptionId, before: { plan: account.plan }, after: { plan } });
  return { requested: plan };
}

/** Cancels at the end of the paid period (`cancel: true`), or takes that back before it ends. */
export async function setCancelAtPeriodEnd(db: Executor, config: BillingConfig, actor: Actor, org: BillingOrg, cancel: boolean): Promise<{ cancelAtPeriodEnd: boolean }> {
  const account = await liveSubscription(db, org.id);
  await config.stripe.subscriptions.update(account.subscriptionId, { cancel_at_period_end: cancel });
  await recordAudit(db, {
    orgId: org.id,
    actor,
    action: cancel ? "billing.cancel_requested" : "billing.resume_requested",
    targetType: "subscription",
    targetId: account.subscriptionId,
  });
  return { cancelAtPeriodEnd: cancel };
}

/**
 * Deleting an organisation ends its subscription at Stripe first, at once and without a refund of the
 * period's rest: otherwise Stripe would go on charging for an organisation that no longer exists. If
 * Stripe cannot be told (billing switched off since), the deletion is refused with what to do instead.
 */
export async function endSubscriptionBeforeDeletion(db: Executor, config: BillingConfig | null, org: BillingOrg): Promise<void> {
  const account = await accountOf(db, org.id);
  // Unpaid and paused subscriptions hold no plan here but may still charge: they end too.
  if (!account?.subscriptionId || !account.status || !NOT_ENDED.includes(account.status)) return;
  if (!config) throw conflict(`${org.name} still has a Stripe subscription and billing is off on this server: cancel it in Stripe's dashboard first.`);
  await config.stripe.subscriptions.cancel(account.subscriptionId, { prorate: false, invoice_now: false });
}
