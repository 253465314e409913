import "server-only";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { getDb, type Executor } from "@/db";
import { stripeWebhookEvents } from "@/db/schema";
import { readCappedBody } from "@/server/http/read-json";
import { apiError } from "@/server/http/responses";
import type { BillingConfig } from "./config";
import { invoiceSnapshot, subscriptionSnapshot, type SubscriptionSnapshot } from "./snapshots";
import { applyInvoice, applySubscription, lockAccountOfCustomer } from "./sync";

const MAX_WEBHOOK_BYTES = 512 * 1024;

export const HANDLED_EVENTS = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
] as const;

/**
 * POST /api/stripe/webhook. The signature is checked against the raw body before anything is read
 * from it (400 if it does not match). Each event is applied and recorded in one transaction, so a
 * replay (Stripe retries until it sees a 2xx) finds the record and changes nothing; a failure rolls
 * both back and answers 500, and Stripe delivers the event again.
 */
export async function handleStripeWebhook(request: Request, config: BillingConfig | null): Promise<Response> {
  if (!config?.webhookSecret) return apiError(404, "billing_disabled", "billing is not configured on this server (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)");
  const signature = request.headers.get("stripe-signature");
  if (!signature) return apiError(400, "invalid_signature", "the Stripe-Signature header is missing");
  const body = await readCappedBody(request, MAX_WEBHOOK_BYTES);
  if (!body) return apiError(413, "payload_too_large", `a webhook may be at most ${MAX_WEBHOOK_BYTES / 1024} KB`);
  let event: Stripe.Event;
  try {
    // The raw bytes: the signature covers them exactly, not a re-serialised copy.
    event = config.stripe.webhooks.constructEvent(body, signature, config.webhookSecret);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unreadable";
    return apiError(400, "invalid_signature", `the webhook signature does not match this endpoint's secret (${reason})`);
  }
  const result = await processStripeEvent(await getDb(), config, event);
  return Response.json({ received: true, ...result });
}

export interface ProcessedEvent {
  duplicate: boolean;
  outcome: string;
}

/** Applies one verified event once. Exported for the tests, which hand it events their fake Stripe made. */
export async function processStripeEvent(db: Executor, config: BillingConfig, event: Stripe.Event): Promise<ProcessedEvent> {
  const [seen] = await db.select({ outcome: stripeWebhookEvents.outcome }).from(stripeWebhookEvents).where(eq(stripeWebhookEvents.id, event.id));
  if (seen) return { duplicate: true, outcome: seen.outcome };
  const eventAt = new Date(event.created * 1000);
  // Network first, outside the transaction: Checkout's event names the subscription without its state.
  const checkoutSubscription = event.type === "checkout.session.completed" ? await subscriptionOfCheckout(config, event.data.object) : null;
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .insert(stripeWebhookEvents)
      .values({ id: event.id, type: event.type, eventCreatedAt: eventAt, outcome: "processing" })
      .onConflictDoNothing()
      .returning({ id: stripeWebhookEvents.id });
    // Another delivery of the same event won the race: it applies it.
    if (!claimed) return { duplicate: true, outcome: "processed by a concurrent delivery" };
    const { orgId, outcome } = await apply(tx, config, event, eventAt, checkoutSubscription);
    await tx.update(stripeWebhookEvents).set({ orgId, outcome }).where(eq(stripeWebhookEvents.id, event.id));
    return { duplicate: false, outcome };
  });
}

async function subscriptionOfCheckout(config: BillingConfig, session: Stripe.Checkout.Session): Promise<SubscriptionSnapshot | null> {
  if (session.mode !== "subscription" || !session.subscription) return null;
  const id = typeof session.subscription === "string" ? session.subscription : session.subscription.id;
  return subscriptionSnapshot(await config.stripe.subscriptions.retrieve(id));
}

async function apply(
  tx: Executor,
  config: BillingConfig,
  event: Stripe.Event,
  eventAt: Date,
  checkoutSubscription: SubscriptionSnapshot | null,
): Promise<{ orgId: string | null; outcome: string }> {
  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object;
      const customerId = typeof session.customer === "string" ? session.customer : session.customer?.id;
      if (!customerId) return { orgId: null, outcome: "ignored: the session has no customer" };
      const account = await lockAccountOfCustomer(tx, customerId);
      if (!account) return { orgId: null, outcome: `ignored: customer ${customerId} belongs to no organisation` };
      if (!checkoutSubscription) return { orgId: account.orgId, outcome: "ignored: not a subscription checkout" };
      return { orgId: account.orgId, outcome: await applySubscription(tx, config, account, checkoutSubscription, eventAt) };
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted": {
      const snapshot = subscriptionSnapshot(event.data.object);
      const account = await lockAccountOfCustomer(tx, snapshot.customerId);
      if (!account) return { orgId: null, outcome: `ignored: customer ${snapshot.customerId} belongs to no organisation` };
      return { orgId: account.orgId, outcome: await applySubscription(tx, config, account, snapshot, eventAt) };
    }
    case "invoice.paid":
    case "invoice.payment_failed": {
      const invoice = invoiceSnapshot(event.data.object);
      const account = await lockAccountOfCustomer(tx, invoice.customerId);
      if (!account) return { orgId: null, outcome: `ignored: customer ${invoice.customerId} belongs to no organisation` };
      return { orgId: account.orgId, outcome: await applyInvoice(tx, account, invoice, eventAt, event.type === "invoice.paid" ? "paid" : "failed") };
    }
    default:
      return { orgId: null, outcome: `ignored: ${event.type} is not an event Aftercart uses` };
  }
}
