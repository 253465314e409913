import { bigint, boolean, index, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { organizations } from "./organizations";

const ts = () => timestamp({ withTimezone: true, mode: "date" });

/**
 * An organisation's standing with Stripe: its customer, its subscription as the last verified webhook
 * described it, and when that description was true (`stateAt`, the Stripe event's creation time), so
 * that an older event delivered late never overwrites a newer state. No row: the Free plan.
 */
export const billingAccounts = pgTable("billing_accounts", {
  orgId: uuid()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  stripeCustomerId: text().notNull().unique(),
  subscriptionId: text(),
  /** The plan of the subscription's price; what applies also depends on `status` (lib/billing/plans.ts). */
  plan: text(),
  priceId: text(),
  status: text(),
  currentPeriodStart: ts(),
  currentPeriodEnd: ts(),
  cancelAtPeriodEnd: boolean().notNull().default(false),
  trialEnd: ts(),
  /** Stripe's billing cycle anchor: a late renewal's period is counted from it (server/billing/standing.ts). */
  billingCycleAnchor: ts(),
  /** When the subscription was created at Stripe: of two live subscriptions, the newer one is the organisation's. */
  subscriptionCreatedAt: ts(),
  stateAt: ts(),
  /** The last failed payment, until a paid invoice clears it: the past-due banner says what failed and when. */
  paymentFailedAt: ts(),
  /**
   * When the last invoice event (paid or failed) was created. Kept apart from `stateAt`: a renewal's
   * subscription event may arrive after its invoice's, and must still move the period on; its
   * active/past-due then defers to a newer payment outcome.
   */
  paymentStateAt: ts(),
  paymentFailureMessage: text(),
  /** A plan change an owner asked Stripe for that no webhook has confirmed yet. */
  requestedPlan: text(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Each verified Stripe event, recorded in the transaction that applies it: a replay finds it and changes nothing. */
export const stripeWebhookEvents = pgTable(
  "stripe_webhook_events",
  {
    id: text().primaryKey(),
    type: text().notNull(),
    orgId: uuid().references(() => organizations.id, { onDelete: "set null" }),
    /** Stripe's `created` of the event. */
    eventCreatedAt: ts().notNull(),
    /** What the event changed, or why it changed nothing (an older state, an unknown customer). */
    outcome: text().notNull(),
    processedAt: createdAt(),
  },
  (t) => [index("stripe_webhook_events_org_idx").on(t.orgId, t.processedAt)],
);

/** Invoices as Stripe's invoice webhooks describe them; the billing page lists them with their links. */
export const billingInvoices = pgTable(
  "billing_invoices",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: text().notNull(),
    number: text(),
    status: text().notNull(),
    currency: text().notNull(),
    amountDueMinor: bigint({ mode: "number" }).notNull(),
    amountPaidMinor: bigint({ mode: "number" }).notNull(),
    hostedInvoiceUrl: text(),
    periodStart: ts(),
    periodEnd: ts(),
    issuedAt: ts().notNull(),
    stateAt: ts().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("billing_invoices_org_issued_idx").on(t.orgId, t.issuedAt)],
);

/**
 * Events stored per organisation and billing period, counted in the ingest transaction. Spread over
 * a few rows per period (`shard`, picked at random per batch): one row would be a lock every batch of
 * the organisation waits for until the one before it has committed, which halves single-event ingest.
 * The period's count is the sum of its rows.
 */
export const usageCounters = pgTable(
  "usage_counters",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    periodStart: ts().notNull(),
    shard: smallint().notNull(),
    events: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.periodStart, t.shard] })],
);

/**
 * A billing period's notices: when the owners were told at 80 % and at 100 %, and of which quota (an
 * upgrade within the period brings a new quota, whose thresholds deserve their own notices).
 */
export const usagePeriods = pgTable(
  "usage_periods",
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    periodStart: ts().notNull(),
    periodEnd: ts().notNull(),
    warnedAt: ts(),
    warnedQuota: bigint({ mode: "number" }),
    reachedAt: ts(),
    reachedQuota: bigint({ mode: "number" }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.periodStart] })],
);
