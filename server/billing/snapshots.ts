import type Stripe from "stripe";

/**
 * The parts of Stripe's objects billing keeps, read defensively: webhook payloads carry the API
 * version of the endpoint that sends them, and older versions put the period on the subscription
 * and the subscription on the invoice instead of on the item and the invoice's parent.
 */
export interface SubscriptionSnapshot {
  id: string;
  customerId: string;
  status: string;
  priceId: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
  /** The instant monthly periods are counted from (Stripe keeps its day of the month, clamped in short months). */
  billingCycleAnchor: Date | null;
  createdAt: Date;
}

const seconds = (v: unknown): Date | null => (typeof v === "number" && Number.isFinite(v) ? new Date(v * 1000) : null);
const idOf = (v: unknown): string | null => (typeof v === "string" ? v : v && typeof v === "object" && "id" in v && typeof v.id === "string" ? v.id : null);

export function subscriptionSnapshot(subscription: Stripe.Subscription): SubscriptionSnapshot {
  const item = subscription.items?.data?.[0];
  const legacy = subscription as unknown as { current_period_start?: number; current_period_end?: number };
  return {
    id: subscription.id,
    customerId: idOf(subscription.customer) ?? "",
    status: subscription.status,
    priceId: item?.price?.id ?? null,
    currentPeriodStart: seconds(item?.current_period_start ?? legacy.current_period_start),
    currentPeriodEnd: seconds(item?.current_period_end ?? legacy.current_period_end),
    // Newer API versions cancel at a date (`cancel_at`) as well as at the period's end.
    cancelAtPeriodEnd: subscription.cancel_at_period_end === true || (subscription.cancel_at != null && subscription.status !== "canceled"),
    trialEnd: seconds(subscription.trial_end),
    billingCycleAnchor: seconds(subscription.billing_cycle_anchor),
    createdAt: seconds(subscription.created) ?? new Date(0),
  };
}

export interface InvoiceSnapshot {
  id: string;
  customerId: string;
  subscriptionId: string | null;
  number: string | null;
  status: string;
  currency: string;
  amountDueMinor: number;
  amountPaidMinor: number;
  hostedInvoiceUrl: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  issuedAt: Date;
}

export function invoiceSnapshot(invoice: Stripe.Invoice): InvoiceSnapshot {
  const legacy = invoice as unknown as { subscription?: unknown };
  return {
    id: invoice.id ?? "",
    customerId: idOf(invoice.customer) ?? "",
    subscriptionId: idOf(invoice.parent?.subscription_details?.subscription) ?? idOf(legacy.subscription),
    number: invoice.number ?? null,
    status: invoice.status ?? "open",
    currency: (invoice.currency ?? "usd").toUpperCase(),
    amountDueMinor: invoice.amount_due ?? 0,
    amountPaidMinor: invoice.amount_paid ?? 0,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    periodStart: seconds(invoice.period_start),
    periodEnd: seconds(invoice.period_end),
    issuedAt: seconds(invoice.created) ?? new Date(0),
  };
}
