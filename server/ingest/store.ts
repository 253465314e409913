import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { customers, eventMessageIds, orderCancellations, orderRefunds, orders, surveyResponses } from "@/db/schema";
import { toMinorUnits } from "@/lib/money";
import { noteStored, recordUsage } from "@/server/billing/meter";
import { notifyQuotaCrossing } from "@/server/billing/notify";
import type { PeriodUsage, QuotaCrossing } from "@/server/billing/usage";
import { addBatchToActivityDays } from "./activity-days";
import { resolveAnonymousRowsAfterLocks } from "./resolved-customers";
import { KEYED_EVENT_TYPES } from "@/server/metrics/keyed-events";
import { markCheckoutSummaries } from "./checkout-summaries";
import { markVisitSessions } from "./visit-sessions";
import { claimAndNumber, insertEventRows, insertOrderRows, upsertCustomerRows, upsertIdentityLinkRows, type RelinkedAnonymousId } from "./bulk";
import { validateEvent, type NormalizedEvent, type Rejection } from "./validate";
import { recomputeRefunds } from "./refunds";
import { mergeTraits, type TraitState } from "./traits";

export interface IngestOrganization {
  id: string;
  currency: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: (Rejection & { index: number })[];
}

interface Candidate {
  index: number;
  event: NormalizedEvent;
}

/** A candidate that survived dedup and got its events.id from the sequence. */
type Stored = Candidate & { id: number };

/**
 * Validates and stores a batch in one transaction. Valid events are stored even when others are
 * rejected; the same client id twice (in the batch or ever) and a second order.placed for an orderId
 * are duplicates and change nothing. Callers answer only after this resolves, i.e. after the commit.
 */
export async function ingestEvents(
  db: Executor,
  org: IngestOrganization,
  rawEvents: readonly unknown[],
  /** `usage`: what the request's quota check read, so that the meter need not read it again. */
  options: { source?: string; now?: Date; usage?: PeriodUsage | null } = {},
): Promise<IngestResult> {
  const now = options.now ?? new Date();
  const rejected: IngestResult["rejected"] = [];
  const valid: Candidate[] = [];
  rawEvents.forEach((raw, index) => {
    const result = validateEvent(raw, { now });
    if (result.ok) valid.push({ index, event: result.event });
    else rejected.push({ index, code: result.code, message: result.message });
  });
  if (valid.length === 0) return { accepted: 0, duplicates: 0, rejected };

  const { stored, usage } = await db.transaction(async (tx) => {
    const count = await storeValidEvents(tx, org, valid, options.source ?? "api");
    // Last: every batch of the organisation meets on the usage rows (server/billing/meter.ts).
    return { stored: count, usage: await recordUsage(tx, org.id, count, options.usage ?? null, now) };
  });
  if (usage) {
    noteStored(org.id, usage.period, stored);
    if (usage.crossing) await tellOwners(db, org.id, usage.crossing);
  }
  return { accepted: stored, duplicates: valid.length - stored, rejected };
}

/** A notice that fails to go out is logged; the batch is stored and acknowledged all the same. */
async function tellOwners(db: Executor, orgId: string, crossing: QuotaCrossing): Promise<void> {
  try {
    await notifyQuotaCrossing(db, orgId, crossing);
  } catch (error) {
    console.error(`[billing] could not tell the owners of ${orgId} about their quota:`, error);
  }
}

/** Returns how many events were stored (the rest were duplicates). */
async function storeValidEvents(tx: Executor, org: IngestOrganization, valid: Candidate[], source: string): Promise<number> {
  await lockOrderIds(tx, org.id, valid);
  const withIds = await numberNewEvents(tx, org.id, withoutRepeats(valid, await placementsAlreadySeen(tx, org.id, valid)));
  if (withIds.length === 0) return 0;

  const placed = withIds.filter((c) => c.event.type === "order.placed");
  const { kept: keptOrders, refundedBefore } = await insertOrders(tx, org, placed);
  // An order another batch stored since placementsAlreadySeen read (no longer possible between batches, which
  // lock their orderIds first; kept so that a placement the insert skips never keeps its id): it changes nothing.
  await releaseMessageIds(tx, org.id, placed.filter((c) => !keptOrders.has(c.id)));
  const rows = withIds.filter((c) => c.event.type !== "order.placed" || keptOrders.has(c.id));
  if (rows.length === 0) return 0;

  resolveDefaultCurrency(rows, org.currency);
  await insertEventRows(tx, org.id, source, rows);
  await upsertCustomers(tx, org.id, rows);
  const relinked = await upsertIdentityLinks(tx, org.id, rows);
  const cancellationOrders = await applyCancellations(tx, org.id, rows);
  const refundedOrders = await insertRefunds(tx, org.id, rows);
  await insertSurveyResponses(tx, org.id, rows);
  // New orders need their refunds applied only when a refund arrived before them.
  const touched = new Set([...refundedOrders, ...refundedBefore]);
  if (touched.size) await recomputeRefunds(tx, org.id, [...touched]);
  const eventIds = rows.map((r) => r.id);
  const unidentified = rows.flatMap(({ event }) => (!event.customerId && event.anonymousId ? [event.anonymousId] : []));
  await addBatchToActivityDays(tx, org.id, { eventIds, relinked, orderIds: cancellationOrders, unidentified });
  // After the anonymous-id locks addBatchToActivityDays took: the ids this batch relinked, and those of its own
  // rows that keep a resolved customer (its orders and keyed events sent without a customerId).
  const unresolvedRows = rows.flatMap(({ event }) => (!event.customerId && event.anonymousId && KEEPS_RESOLVED_CUSTOMER.has(event.type) ? [event.anonymousId] : []));
  await resolveAnonymousRowsAfterLocks(tx, org.id, [...relinked.map((r) => r.anonymousId), ...unresolvedRows]);
  await markCheckoutSummaries(tx, org.id, { eventIds });
  // Last but the usage count: it may wait for another batch naming the same keys, and must not hold
  // anything that batch waits for (the usage row is taken after it, and nothing is taken after that).
  await markVisitSessions(tx, org.id, { eventIds, relinked, orderIds: cancellationOrders });
  return rows.length;
}

/** The event types whose rows keep the customer they count for: orders (order.placed) and keyed events. */
const KEEPS_RESOLVED_CUSTOMER = new Set<string>(["order.placed", ...KEYED_EVENT_TYPES]);

/** The event types that write an order's rows: its placement, its cancellation, its refunds. */
const ORDER_WRITES = new Set(["order.placed", "order.canceled", "order.refunded"]);

/** The class of the orderId locks in PostgreSQL's two-key advisory lock space, which no other lock of the app uses. */
const ORDER_LOCK_CLASS = 1;

/**
 * Transaction locks on the orderIds the batch places, cancels or refunds, taken sorted, in one statement,
 * as the first locks of the batch's transaction (so no batch waits for them while holding another of its
 * own; the callers that hold locks before ingesting, survey answers, send no orders). An order and its
 * cancellation (or refund) in two batches side by side each looked for the other's row before it was
 * committed, missed it, and the order stayed placed (or the refund unapplied) for good; now the second
 * waits for the first and sees it. In the two-key space, so that no customer or anonymous id (whose locks
 * are keyed by text in the one-key space) can ever share an orderId's key.
 */
async function lockOrderIds(tx: Executor, orgId: string, valid: readonly Candidate[]): Promise<void> {
  const ids = [...new Set(valid.flatMap(({ event }) => (ORDER_WRITES.has(event.type) ? [String(event.properties.orderId)] : [])))];
  if (ids.length === 0) return;
  // Volatile functions in the select list are evaluated after the sort: the locks are taken in order.
  await tx.execute(sql`
    select pg_advisory_xact_lock(${ORDER_LOCK_CLASS}::int, hashtext(${orgId} || ':' || l.id))
    from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) as l(id)
    order by l.id`);
}

interface PlacementsSeen {
  /** The batch's placed orderIds that an earlier batch already stored. */
  orders: ReadonlySet<string>;
  /** The client ids of the batch's placements that an earlier batch already took (retries). */
  messageIds: ReadonlySet<string>;
}

/** What earlier batches stored of the batch's order.placed events: two indexed reads, only for a batch that places orders. */
async function placementsAlreadySeen(tx: Executor, orgId: string, valid: Candidate[]): Promise<PlacementsSeen> {
  const placements = valid.filter((c) => c.event.type === "order.placed");
  if (placements.length === 0) return { orders: new Set(), messageIds: new Set() };
  const orderIds = [...new Set(placements.map((c) => c.event.properties.orderId as string))];
  const clientIds = [...new Set(placements.filter((c) => c.event.clientMessageId).map((c) => c.event.messageId))];
  const storedOrders = await tx.select({ orderId: orders.orderId }).from(orders).where(and(eq(orders.orgId, orgId), inArray(orders.orderId, orderIds)));
  const takenIds =
    clientIds.length === 0
      ? []
      : await tx
          .select({ messageId: eventMessageIds.messageId })
          .from(eventMessageIds)
          .where(and(eq(eventMessageIds.orgId, orgId), inArray(eventMessageIds.messageId, clientIds)));
  return { orders: new Set(storedOrders.map((r) => r.orderId)), messageIds: new Set(takenIds.map((r) => r.messageId)) };
}

/**
 * The batch in arrival order without its repeats: an event whose client id came earlier in the batch
 * or (for a placement) in an earlier batch, and a second order.placed of an orderId. events.md: such
 * a placement "changes nothing, whatever its envelope id", so it does not take its id either: a later
 * event with that id is new, not a retry. A placement that is a retry holds nothing either: the next
 * placement of its orderId is the order. (Ids of other events that an earlier batch took are dropped
 * by the claim that follows; they hold nothing.)
 */
function withoutRepeats(valid: Candidate[], seen: PlacementsSeen): Candidate[] {
  const ids = new Set<string>(seen.messageIds);
  const placed = new Set(seen.orders);
  return valid.filter(({ event }) => {
    if (event.clientMessageId && ids.has(event.messageId)) return false;
    if (event.type === "order.placed") {
      const orderId = event.properties.orderId as string;
      if (placed.has(orderId)) return false;
      placed.add(orderId);
    }
    if (event.clientMessageId) ids.add(event.messageId);
    return true;
  });
}

async function releaseMessageIds(tx: Executor, orgId: string, dropped: Stored[]): Promise<void> {
  const ids = dropped.filter((c) => c.event.clientMessageId).map((c) => c.event.messageId);
  if (ids.length === 0) return;
  await tx.delete(eventMessageIds).where(and(eq(eventMessageIds.orgId, orgId), inArray(eventMessageIds.messageId, ids)));
}

/**
 * Drops events whose client id an earlier request took, and gives the others their events.id (one
 * round trip for both). `candidates` hold each client id once (withoutRepeats).
 */
async function numberNewEvents(tx: Executor, orgId: string, candidates: Candidate[]): Promise<Stored[]> {
  const ids = await claimAndNumber(
    tx,
    orgId,
    candidates.map((c, position) => ({ position, messageId: c.event.clientMessageId ? c.event.messageId : null })),
  );
  return candidates.flatMap((c, position) => {
    const id = ids.get(position);
    return id === undefined ? [] : [{ ...c, id }];
  });
}

/**
 * events.md: money without a `currency` is in "the organisation's currency, resolved at ingest". Orders
 * keep theirs in their row; a subscription's amount lives in its event, so the currency is written
 * there. Read later, a missing one would take whatever the organisation's currency is by then, and a
 * change of currency would relabel every old amount without converting it.
 */
function resolveDefaultCurrency(rows: Stored[], currency: string): void {
  for (const { event } of rows) {
    if (event.type === "subscription.started" && event.properties.currency === undefined) event.properties.currency = currency;
  }
}

/**
 * Inserts the orders that are new; returns event id -> orderId of the order.placed events kept, and
 * the new orders that refunds arrived for before them.
 */
async function insertOrders(tx: Executor, org: IngestOrganization, placed: Stored[]): Promise<{ kept: Map<number, string>; refundedBefore: string[] }> {
  const firstPerOrder = new Map<string, Stored>();
  for (const c of placed) {
    const orderId = c.event.properties.orderId as string;
    if (!firstPerOrder.has(orderId)) firstPerOrder.set(orderId, c);
  }
  if (firstPerOrder.size === 0) return { kept: new Map(), refundedBefore: [] };
  const rows = [...firstPerOrder.entries()].map(([orderId, { id, event }]) => {
    const p = event.properties;
    const currency = (p.currency as string | undefined) ?? org.currency;
    const minor = (v: unknown) => (typeof v === "number" ? toMinorUnits(v, currency) : null);
    const items = Array.isArray(p.items) ? (p.items as Record<string, unknown>[]) : null;
    return {
      order_id: orderId,
      event_id: id,
      customer_id: event.customerId,
      anonymous_id: event.anonymousId,
      placed_at: event.timestamp.toISOString(),
      currency,
      total_minor: minor(p.total)!,
      discount_minor: minor(p.discount),
      shipping_minor: minor(p.shipping),
      tax_minor: minor(p.tax),
      sustainable: p.sustainable === true || Boolean(items?.some((item) => item.sustainable === true)),
      coupon: typeof p.coupon === "string" ? p.coupon : null,
      checkout_id: typeof p.checkoutId === "string" ? p.checkoutId : null,
      items,
    };
  });
  return insertOrderRows(tx, org.id, rows);
}

async function upsertCustomers(tx: Executor, orgId: string, rows: Candidate[]): Promise<void> {
  const seen = new Map<string, { first: Date; last: Date; identified: NormalizedEvent[] }>();
  for (const { event } of rows) {
    if (!event.customerId) continue;
    const entry = seen.get(event.customerId) ?? { first: event.timestamp, last: event.timestamp, identified: [] };
    if (event.timestamp < entry.first) entry.first = event.timestamp;
    if (event.timestamp > entry.last) entry.last = event.timestamp;
    if (event.type === "customer.identified") entry.identified.push(event);
    seen.set(event.customerId, entry);
  }
  if (seen.size === 0) return;

  const withTraits = [...seen.entries()].filter(([, e]) => e.identified.length > 0).map(([id]) => id);
  const existing = new Map<string, TraitState>();
  if (withTraits.length) {
    // Locked so that two concurrent batches for one customer merge one after the other.
    const current = await tx
      .select({ customerId: customers.customerId, traits: customers.traits, traitTimestamps: customers.traitTimestamps })
      .from(customers)
      .where(and(eq(customers.orgId, orgId), inArray(customers.customerId, withTraits)))
      .for("update");
    for (const row of current) existing.set(row.customerId, { traits: row.traits, timestamps: row.traitTimestamps });
  }

  await upsertCustomerRows(
    tx,
    orgId,
    [...seen.entries()].map(([customerId, entry]) => {
      const state = entry.identified.length
        ? mergeTraits(existing.get(customerId) ?? { traits: {}, timestamps: {} }, entry.identified)
        : { traits: {}, timestamps: {} };
      return {
        customer_id: customerId,
        traits: state.traits,
        trait_timestamps: state.timestamps,
        first_seen_at: entry.first.toISOString(),
        last_seen_at: entry.last.toISOString(),
      };
    }),
  );
}

async function upsertIdentityLinks(tx: Executor, orgId: string, rows: Candidate[]): Promise<RelinkedAnonymousId[]> {
  // Within the batch: the earliest timestamp per anonymous id wins, ties by position (arrival).
  const links = new Map<string, { customerId: string; linkedAt: Date; conflicts: number }>();
  for (const { event } of rows) {
    if (!event.customerId || !event.anonymousId) continue;
    const current = links.get(event.anonymousId);
    if (!current) {
      links.set(event.anonymousId, { customerId: event.customerId, linkedAt: event.timestamp, conflicts: 0 });
    } else if (current.customerId !== event.customerId) {
      current.conflicts += 1;
      if (event.timestamp < current.linkedAt) Object.assign(current, { customerId: event.customerId, linkedAt: event.timestamp });
    } else if (event.timestamp < current.linkedAt) {
      current.linkedAt = event.timestamp;
    }
  }
  if (links.size === 0) return [];
  return upsertIdentityLinkRows(
    tx,
    orgId,
    [...links.entries()].map(([anonymousId, l]) => ({
      anonymous_id: anonymousId,
      customer_id: l.customerId,
      linked_at: l.linkedAt.toISOString(),
      conflicts: l.conflicts,
    })),
  );
}

/** Applies the batch's cancellations; returns the ids of the cancelled orders (whether they exist yet or not). */
async function applyCancellations(tx: Executor, orgId: string, rows: Candidate[]): Promise<string[]> {
  // One row per order: one statement may not upsert the same key twice, and the earliest
  // cancellation (ties by arrival) is the one that counts, whichever batch brings it.
  const earliestPerOrder = new Map<string, NormalizedEvent>();
  for (const { event } of rows) {
    if (event.type !== "order.canceled") continue;
    const orderId = event.properties.orderId as string;
    const kept = earliestPerOrder.get(orderId);
    if (!kept || event.timestamp < kept.timestamp) earliestPerOrder.set(orderId, event);
  }
  if (earliestPerOrder.size === 0) return [];
  await tx
    .insert(orderCancellations)
    .values(
      [...earliestPerOrder.entries()].map(([orderId, event]) => ({
        orgId,
        orderId,
        canceledAt: event.timestamp,
        reason: typeof event.properties.reason === "string" ? event.properties.reason : null,
      })),
    )
    .onConflictDoUpdate({
      target: [orderCancellations.orgId, orderCancellations.orderId],
      set: {
        canceledAt: sql`least(${orderCancellations.canceledAt}, excluded.canceled_at)`,
        reason: sql`case when excluded.canceled_at < ${orderCancellations.canceledAt} then excluded.reason else ${orderCancellations.reason} end`,
      },
    });
  const affected = [...earliestPerOrder.keys()];
  // Cancellations may arrive before or after their order: copy them onto whichever orders exist now
  // (orders that arrive later take theirs when they are inserted: insertOrderRows).
  await tx.execute(sql`
    update ${orders} o set canceled_at = c.canceled_at
    from ${orderCancellations} c
    where o.org_id = ${orgId} and c.org_id = o.org_id and c.order_id = o.order_id
      and o.order_id in ${affected}
      and o.canceled_at is distinct from c.canceled_at`);
  return [...earliestPerOrder.keys()];
}

async function insertRefunds(tx: Executor, orgId: string, rows: Stored[]): Promise<string[]> {
  const refunds = rows.filter((c) => c.event.type === "order.refunded");
  if (refunds.length === 0) return [];
  await tx.insert(orderRefunds).values(
    refunds.map(({ id, event }) => ({
      orgId,
      eventId: id,
      orderId: event.properties.orderId as string,
      refundedAt: event.timestamp,
      amount: typeof event.properties.amount === "number" ? String(event.properties.amount) : null,
      reason: typeof event.properties.reason === "string" ? event.properties.reason : null,
    })),
  );
  return [...new Set(refunds.map((c) => c.event.properties.orderId as string))];
}

async function insertSurveyResponses(tx: Executor, orgId: string, rows: Stored[]): Promise<void> {
  const responses = rows.filter((c) => c.event.type === "survey.responded");
  if (responses.length === 0) return;
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  await tx.insert(surveyResponses).values(
    responses.map(({ id, event }) => ({
      orgId,
      eventId: id,
      kind: event.properties.kind as string,
      score: typeof event.properties.score === "number" ? String(event.properties.score) : null,
      surveyId: str(event.properties.surveyId),
      reason: str(event.properties.reason),
      comment: str(event.properties.comment),
      checkoutId: str(event.properties.checkoutId),
      customerId: event.customerId,
      anonymousId: event.anonymousId,
      respondedAt: event.timestamp,
    })),
  );
}
