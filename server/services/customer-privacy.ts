import "server-only";
import { createHash } from "node:crypto";
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { customers, eventMessageIds, events, identityLinks, orderCancellations, orderRefunds, orders, surveyResponses } from "@/db/schema";
import { fromMinorUnits } from "@/lib/money";
import { countsForCustomer, linkedAnonymousIds } from "@/server/customers/identity";
import { lockAnonymousIds, refreshActivityDays, touchedDays } from "@/server/ingest/activity-days";
import { checkoutIdsBefore, saveCheckoutIds } from "@/server/ingest/checkout-summaries";
import { saveSessionNames, sessionNamesBefore } from "@/server/ingest/visit-sessions";
import { notFound } from "@/server/errors";
import { recordAudit, type Actor } from "./audit";
import { requireCustomer } from "./customers";

/**
 * Export and erasure of everything stored about one customer (GDPR articles 15, 17 and 20).
 *
 * "Everything about the customer" is one definition, used by both, so that what a merchant can
 * export is exactly what an erasure removes:
 * - the customers row (traits) and the identity links that point at the customer;
 * - every event that counts for the customer (their own, and those of their linked anonymous ids
 *   that name no other customer: identity.ts), plus the events that are about one of their orders
 *   whoever sent them (a refund or a shipment sent from the merchant's back office);
 * - the orders that count for the customer, with their refunds and cancellation, and the refunds and
 *   cancellations they sent for orders that never arrived;
 * - their survey responses.
 * Rows of other customers are never part of it, not even when they carry one of this customer's
 * anonymous ids: such a row names its own customer, and the link it claimed was ignored at ingest.
 */

/** Types whose required `orderId` makes the event a fact about that order (events.md). */
const ORDER_SCOPED_TYPES = ["order.refunded", "order.canceled", "order.shipped", "order.delivered", "return.requested", "return.received", "tracking.viewed"];

/** Refunds and cancellations the customer sent for an order id that no order has (yet). */
const PENDING_ORDER_TYPES = ["order.refunded", "order.canceled"];

function orderIdProperty(): SQL {
  return sql`(${events.properties}->>'orderId')`;
}

/**
 * The customer's order ids: their orders, and the ids their refunds or cancellations name when no
 * order with that id exists (kept by ingest until the order arrives).
 */
function customerOrderIds(orgId: string, customerId: string): SQL {
  return sql`(
    select ${orders.orderId} from ${orders} where ${countsForCustomer(orders, orgId, customerId)}
    union
    select ${orderIdProperty()} from ${events}
    where ${countsForCustomer(events, orgId, customerId)}
      and ${inArray(events.type, PENDING_ORDER_TYPES)}
      and not exists (select 1 from ${orders} where ${orders.orgId} = ${orgId} and ${orders.orderId} = ${orderIdProperty()})
  )`;
}

function customerEvents(orgId: string, customerId: string): SQL {
  return sql`(${countsForCustomer(events, orgId, customerId)}
    or (${events.orgId} = ${orgId} and ${inArray(events.type, ORDER_SCOPED_TYPES)} and ${orderIdProperty()} in ${customerOrderIds(orgId, customerId)}))`;
}

export interface CustomerExport {
  format: "aftercart.customer-export.v1";
  exportedAt: string;
  customer: { customerId: string; traits: Record<string, unknown>; traitUpdatedAt: Record<string, string>; firstSeenAt: string; lastSeenAt: string };
  identityLinks: { anonymousId: string; linkedAt: string; conflictingClaimsIgnored: number }[];
  events: {
    id: number;
    messageId: string;
    type: string;
    customerId: string | null;
    anonymousId: string | null;
    sessionId: string | null;
    timestamp: string;
    receivedAt: string;
    source: string;
    properties: Record<string, unknown>;
  }[];
  orders: {
    orderId: string;
    placedAt: string;
    currency: string;
    total: number;
    discount: number | null;
    shipping: number | null;
    tax: number | null;
    refunded: number;
    canceledAt: string | null;
    sustainable: boolean;
    coupon: string | null;
    checkoutId: string | null;
    items: unknown[] | null;
    customerId: string | null;
    anonymousId: string | null;
  }[];
  refunds: { orderId: string; refundedAt: string; requestedAmount: number | null; applied: number | null; currency: string | null; reason: string | null }[];
  cancellations: { orderId: string; canceledAt: string; reason: string | null }[];
  surveyResponses: {
    kind: string;
    score: number | null;
    surveyId: string | null;
    reason: string | null;
    comment: string | null;
    checkoutId: string | null;
    respondedAt: string;
  }[];
}

/** Everything stored about the customer, as plain JSON (money in major units of its own currency). */
export async function exportCustomer(db: Executor, orgId: string, customerId: string, now = new Date()): Promise<CustomerExport> {
  const customer = await requireCustomer(db, orgId, customerId);
  const orderIds = customerOrderIds(orgId, customerId);
  const [links, eventRows, orderRows, refundRows, cancellationRows, responseRows] = await Promise.all([
    db
      .select()
      .from(identityLinks)
      .where(and(eq(identityLinks.orgId, orgId), eq(identityLinks.customerId, customerId)))
      .orderBy(asc(identityLinks.linkedAt)),
    db.select().from(events).where(customerEvents(orgId, customerId)).orderBy(asc(events.timestamp), asc(events.id)),
    db.select().from(orders).where(countsForCustomer(orders, orgId, customerId)).orderBy(asc(orders.placedAt), asc(orders.orderId)),
    db
      .select({ refund: orderRefunds, currency: orders.currency })
      .from(orderRefunds)
      .leftJoin(orders, and(eq(orders.orgId, orderRefunds.orgId), eq(orders.orderId, orderRefunds.orderId)))
      .where(and(eq(orderRefunds.orgId, orgId), sql`${orderRefunds.orderId} in ${orderIds}`))
      .orderBy(asc(orderRefunds.refundedAt), asc(orderRefunds.eventId)),
    db
      .select()
      .from(orderCancellations)
      .where(and(eq(orderCancellations.orgId, orgId), sql`${orderCancellations.orderId} in ${orderIds}`))
      .orderBy(asc(orderCancellations.canceledAt)),
    db
      .select()
      .from(surveyResponses)
      .where(countsForCustomer(surveyResponses, orgId, customerId))
      .orderBy(asc(surveyResponses.respondedAt), asc(surveyResponses.eventId)),
  ]);
  const major = (minor: number | null, currency: string) => (minor === null ? null : fromMinorUnits(minor, currency));
  return {
    format: "aftercart.customer-export.v1",
    exportedAt: now.toISOString(),
    customer: {
      customerId: customer.customerId,
      traits: customer.traits,
      traitUpdatedAt: customer.traitTimestamps,
      firstSeenAt: customer.firstSeenAt.toISOString(),
      lastSeenAt: customer.lastSeenAt.toISOString(),
    },
    identityLinks: links.map((l) => ({ anonymousId: l.anonymousId, linkedAt: l.linkedAt.toISOString(), conflictingClaimsIgnored: l.conflicts })),
    events: eventRows.map((e) => ({
      id: e.id,
      messageId: e.messageId,
      type: e.type,
      customerId: e.customerId,
      anonymousId: e.anonymousId,
      sessionId: e.sessionId,
      timestamp: e.timestamp.toISOString(),
      receivedAt: e.receivedAt.toISOString(),
      source: e.source,
      properties: e.properties,
    })),
    orders: orderRows.map((o) => ({
      orderId: o.orderId,
      placedAt: o.placedAt.toISOString(),
      currency: o.currency,
      total: fromMinorUnits(o.totalMinor, o.currency),
      discount: major(o.discountMinor, o.currency),
      shipping: major(o.shippingMinor, o.currency),
      tax: major(o.taxMinor, o.currency),
      refunded: fromMinorUnits(o.refundedMinor, o.currency),
      canceledAt: o.canceledAt?.toISOString() ?? null,
      sustainable: o.sustainable,
      coupon: o.coupon,
      checkoutId: o.checkoutId,
      items: o.items,
      customerId: o.customerId,
      anonymousId: o.anonymousId,
    })),
    refunds: refundRows.map(({ refund, currency }) => ({
      orderId: refund.orderId,
      refundedAt: refund.refundedAt.toISOString(),
      requestedAmount: refund.amount === null ? null : Number(refund.amount),
      // Null until the order arrives: what a refund applies depends on the order's total.
      applied: currency === null ? null : major(refund.appliedMinor, currency),
      currency,
      reason: refund.reason,
    })),
    cancellations: cancellationRows.map((c) => ({ orderId: c.orderId, canceledAt: c.canceledAt.toISOString(), reason: c.reason })),
    surveyResponses: responseRows.map((r) => ({
      kind: r.kind,
      score: r.score === null ? null : Number(r.score),
      surveyId: r.surveyId,
      reason: r.reason,
      comment: r.comment,
      checkoutId: r.checkoutId,
      respondedAt: r.respondedAt.toISOString(),
    })),
  };
}

export interface ErasureCounts {
  events: number;
  orders: number;
  responses: number;
}

/**
 * The audit log's reference to an erased customer: not the id itself (with the merchant's own
 * records it identifies a person, and the erasure is meant to remove it), but a hash scoped to the
 * organisation. Whoever still knows the id can check that it was erased, and when; the log alone does
 * not tell whom it was about. Ids that are easy to guess can be found by trying them, so this is
 * pseudonymisation, not anonymisation: another reason the audit log is admin-only.
 */
export function erasedCustomerReference(orgId: string, customerId: string): string {
  return `sha256:${createHash("sha256").update(`${orgId}\n${customerId}`).digest("hex")}`;
}

/**
 * Deletes everything exportCustomer returns, in one transaction, and records the erasure in the
 * audit log with counts only.
 *
 * The message ids of the erased events are released too: after an erasure nothing records that the
 * customer ever sent anything, and if the merchant sends the same event again, that is new data they
 * chose to send, stored like any other. (Keeping the ids would keep a trace of the erased events and
 * silently drop legitimate re-sends as duplicates.) Events that arrive while the erasure runs commit
 * after it and are likewise new data.
 */
export async function eraseCustomer(db: Executor, actor: Actor, orgId: string, customerId: string): Promise<ErasureCounts> {
  return db.transaction(async (tx) => {
    // Serialises two erasures of one customer: the second finds nothing and answers NOT_FOUND.
    const [customer] = await tx
      .select({ customerId: customers.customerId })
      .from(customers)
      .where(and(eq(customers.orgId, orgId), eq(customers.customerId, customerId)))
      .for("update");
    if (!customer) throw notFound("Customer");
    // The customer's linked anonymous ids, exclusively, as a batch that relinks them takes them: a batch
    // storing rows under one of them resolves its rows again after its own (shared) lock on it
    // (server/ingest/resolved-customers.ts), so it either commits before these links are deleted (and its
    // rows, counted for this customer, are erased below) or sees them gone.
    const linked = rowsOf<{ anonymous_id: string }>(await tx.execute(sql`select l.anonymous_id from ${linkedAnonymousIds(orgId, customerId)} as l`));
    await lockAnonymousIds(tx, orgId, { exclusive: linked.map((l) => l.anonymous_id), shared: [] });

    // The activity days the erased events counted in (theirs, and those of anyone whose order-scoped
    // event goes with them), resolved while the identity links still exist; recomputed afterwards.
    const goneIds = rowsOf<{ id: number }>(await tx.execute(sql`select ${events.id} as id from ${events} where ${customerEvents(orgId, customerId)}`));
    const daysBefore = await touchedDays(tx, orgId, { eventIds: goneIds.map((r) => Number(r.id)) });
    const sessionNames = await sessionNamesBefore(tx, orgId, { eventIds: goneIds.map((r) => Number(r.id)), erasedCustomerId: customerId });
    const checkoutIds = await checkoutIdsBefore(tx, orgId, { eventIds: goneIds.map((r) => Number(r.id)), orders: countsForCustomer(orders, orgId, customerId) });

    // One statement: every part sees the same snapshot, so each definition above is evaluated on the
    // data as it was before anything was deleted (identity links included).
    const orderIds = customerOrderIds(orgId, customerId);
    const [counts] = rowsOf<{ events: string | number; orders: string | number; responses: string | number }>(
      await tx.execute(sql`
        with
          gone_events as (delete from ${events} where ${customerEvents(orgId, customerId)} returning ${events.messageId}),
          gone_message_ids as (
            delete from ${eventMessageIds}
            where ${eventMessageIds.orgId} = ${orgId} and ${eventMessageIds.messageId} in (select message_id from gone_events)
          ),
          gone_refunds as (delete from ${orderRefunds} where ${orderRefunds.orgId} = ${orgId} and ${orderRefunds.orderId} in ${orderIds}),
          gone_cancellations as (
            delete from ${orderCancellations} where ${orderCancellations.orgId} = ${orgId} and ${orderCancellations.orderId} in ${orderIds}
          ),
          gone_orders as (delete from ${orders} where ${countsForCustomer(orders, orgId, customerId)} returning 1),
          gone_responses as (delete from ${surveyResponses} where ${countsForCustomer(surveyResponses, orgId, customerId)} returning 1),
          gone_links as (delete from ${identityLinks} where ${identityLinks.orgId} = ${orgId} and ${identityLinks.customerId} = ${customerId}),
          gone_customer as (delete from ${customers} where ${customers.orgId} = ${orgId} and ${customers.customerId} = ${customerId})
        select
          (select count(*) from gone_events) as events,
          (select count(*) from gone_orders) as orders,
          (select count(*) from gone_responses) as responses`),
    );
    await refreshActivityDays(tx, orgId, daysBefore);
    const erased = { events: Number(counts!.events), orders: Number(counts!.orders), responses: Number(counts!.responses) };
    // Counts only: no traits, no email, not even the customer id in clear.
    await recordAudit(tx, {
      orgId,
      actor,
      action: "customer.erased",
      targetType: "customer",
      targetId: erasedCustomerReference(orgId, customerId),
      after: erased,
    });
    // Last (markVisitSessions says why), in the order ingest names them.
    await saveCheckoutIds(tx, orgId, checkoutIds);
    await saveSessionNames(tx, orgId, sessionNames);
    return erased;
  });
}
