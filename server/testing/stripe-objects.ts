import Stripe from "stripe";

/**
 * Stripe objects and signed webhook deliveries as Stripe sends them (API 2025+ shapes: the period on
 * the subscription item, the subscription on the invoice's parent), for billing tests.
 */

const at = (date: Date) => Math.floor(date.getTime() / 1000);

export interface SubscriptionShape {
  id: string;
  customer: string;
  price: string;
  status?: Stripe.Subscription.Status;
  periodStart: Date;
  periodEnd: Date;
  cancelAtPeriodEnd?: boolean;
  created?: Date;
  /** Stripe's billing_cycle_anchor; the period's start by default. */
  anchor?: Date;
  orgId?: string;
}

export function subscriptionObject(s: SubscriptionShape): Stripe.Subscription {
  return {
    id: s.id,
    object: "subscription",
    customer: s.customer,
    status: s.status ?? "active",
    cancel_at_period_end: s.cancelAtPeriodEnd ?? false,
    cancel_at: null,
    canceled_at: s.status === "canceled" ? at(s.periodEnd) : null,
    created: at(s.created ?? s.periodStart),
    billing_cycle_anchor: at(s.anchor ?? s.periodStart),
    trial_end: null,
    metadata: s.orgId ? { orgId: s.orgId } : {},
    items: {
      object: "list",
      has_more: false,
      url: `/v1/subscription_items?subscription=${s.id}`,
      data: [
        {
          id: `si_${s.id}`,
          object: "subscription_item",
          current_period_start: at(s.periodStart),
          current_period_end: at(s.periodEnd),
          price: { id: s.price, object: "price" },
        },
      ],
    },
  } as unknown as Stripe.Subscription;
}

export interface InvoiceShape {
  id: string;
  customer: string;
  subscription: string;
  amountDue: number;
  paid: boolean;
  created: Date;
  number?: string;
}

export function invoiceObject(i: InvoiceShape): Stripe.Invoice {
  return {
    id: i.id,
    object: "invoice",
    customer: i.customer,
    number: i.number ?? `AC-${i.id.slice(-4).toUpperCase()}`,
    status: i.paid ? "paid" : "open",
    currency: "eur",
    amount_due: i.amountDue,
    amount_paid: i.paid ? i.amountDue : 0,
    hosted_invoice_url: `https://invoice.stripe.test/i/${i.id}`,
    period_start: at(i.created),
    period_end: at(i.created),
    created: at(i.created),
    parent: { type: "subscription_details", quote_details: null, subscription_details: { subscription: i.subscription, metadata: null } },
  } as unknown as Stripe.Invoice;
}

let sequence = 0;

export function stripeEvent(type: string, object: unknown, created: Date, id = `evt_test_${++sequence}_${Date.now()}`): Stripe.Event {
  return { id, object: "event", type, created: at(created), api_version: "2026-11-18.endive", livemode: false, pending_webhooks: 1, request: null, data: { object } } as unknown as Stripe.Event;
}

/** A delivery of `event` as Stripe makes it: the JSON body and its Stripe-Signature header. */
export function webhookRequest(event: Stripe.Event, secret: string, options: { signWith?: string; url?: string } = {}): Request {
  const payload = JSON.stringify(event);
  const stripe = new Stripe("sk_test_signing_only");
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: options.signWith ?? secret });
  return new Request(options.url ?? "https://app.example.com/api/stripe/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": header },
    body: payload,
  });
}
