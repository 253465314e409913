import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import type { NormalizedEvent } from "./validate";

/**
 * Bulk writes as one JSON parameter instead of one bound parameter per column and row: a 500-event
 * batch is ~5,500 parameters the driver and the query builder would otherwise serialise one by one,
 * which profiling showed to be a fifth of ingest time. PostgreSQL expands the JSON itself.
 */

export async function insertEventRows(
  tx: Executor,
  orgId: string,
  source: string,
  rows: readonly { id: number; event: NormalizedEvent }[],
): Promise<void> {
  const payload = rows.map(({ id, event }) => ({
    id,
    message_id: event.messageId,
    type: event.type,
    custom: event.custom,
    customer_id: event.customerId,
    anonymous_id: event.anonymousId,
    session_id: event.sessionId,
    ts: event.timestamp.toISOString(),
    properties: event.properties,
  }));
  await tx.execute(sql`
    insert into events (org_id, id, message_id, type, custom, customer_id, anonymous_id, session_id, timestamp, properties, source)
    select ${orgId}::uuid, r.id, r.message_id, r.type, r.custom, r.customer_id, r.anonymous_id, r.session_id, r.ts, r.properties, ${source}
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
      as r(id bigint, message_id text, type text, custom boolean, customer_id text, anonymous_id text, session_id text, ts timestamptz, properties jsonb)`);
}

/**
 * Claims the client message ids and draws an events.id for each event that is new, in one round
 * trip. `rows` are in batch order, with `messageId` null for events that came without a client id
 * (they are always new). Returns batch position -> id for the new ones; ids rise in batch order, so
 * they keep "ties broken by arrival" within a batch too.
 */
export async function claimAndNumber(
  tx: Executor,
  orgId: string,
  rows: readonly { position: number; messageId: string | null }[],
): Promise<Map<number, number>> {
  const result = await tx.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("position" int, "messageId" text)
    ), claimed as (
      insert into event_message_ids (org_id, message_id)
      select ${orgId}::uuid, i."messageId" from input i where i."messageId" is not null
      on conflict do nothing
      returning message_id
    )
    select n."position", nextval('events_id_seq') as id
    from (select i."position" from input i
          where i."messageId" is null or i."messageId" in (select message_id from claimed)
          order by i."position") n`);
  return new Map(rowsOf<{ position: number; id: string | number }>(result).map((r) => [Number(r.position), Number(r.id)]));
}

export interface CustomerRow {
  customer_id: string;
  traits: Record<string, unknown>;
  trait_timestamps: Record<string, string>;
  first_seen_at: string;
  last_seen_at: string;
}

/**
 * Upserts seen-times (and, for rows carrying traits, the merged traits). A row changes only when
 * something in it would change, so a batch of page views does not rewrite every customer it names.
 */
export async function upsertCustomerRows(tx: Executor, orgId: string, rows: readonly CustomerRow[]): Promise<void> {
  await tx.execute(sql`
    insert into customers as c (org_id, customer_id, traits, trait_timestamps, first_seen_at, last_seen_at)
    select ${orgId}::uuid, r.customer_id, r.traits, r.trait_timestamps, r.first_seen_at, r.last_seen_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(customer_id text, traits jsonb, trait_timestamps jsonb, first_seen_at timestamptz, last_seen_at timestamptz)
    on conflict (org_id, customer_id) do update set
      first_seen_at = least(c.first_seen_at, excluded.first_seen_at),
      last_seen_at = greatest(c.last_seen_at, excluded.last_seen_at),
      traits = case when excluded.trait_timestamps = '{}'::jsonb then c.traits else excluded.traits end,
      trait_timestamps = case when excluded.trait_timestamps = '{}'::jsonb then c.trait_timestamps else excluded.trait_timestamps end,
      updated_at = now()
    where excluded.first_seen_at < c.first_seen_at
       or excluded.last_seen_at > c.last_seen_at
       or excluded.trait_timestamps <> '{}'::jsonb`);
}

export interface IdentityLinkRow {
  anonymous_id: string;
  customer_id: string;
  linked_at: string;
  conflicts: number;
}

/** The earliest link wins (ties: the stored one); every other customer claiming the id is a conflict. */
/** An anonymous id whose customer changed in this write (`previous` null: it had none). */
export interface RelinkedAnonymousId {
  anonymousId: string;
  previous: string | null;
  current: string;
}

/** Upserts the links (the earliest claim wins); returns the anonymous ids whose customer changed. */
export async function upsertIdentityLinkRows(tx: Executor, orgId: string, rows: readonly IdentityLinkRow[]): Promise<RelinkedAnonymousId[]> {
  const json = JSON.stringify(rows);
  const changed = rowsOf<RelinkedAnonymousId>(
    await tx.execute(sql`
      with before as (
        select b.anonymous_id, b.customer_id from identity_links b
        where b.org_id = ${orgId} and b.anonymous_id in (select r.anonymous_id from jsonb_to_recordset(${json}::jsonb) as r(anonymous_id text)))
      insert into identity_links as l (org_id, anonymous_id, customer_id, linked_at, conflicts)
      select ${orgId}::uuid, r.anonymous_id, r.customer_id, r.linked_at, r.conflicts
      from jsonb_to_recordset(${json}::jsonb)
        as r(anonymous_id text, customer_id text, linked_at timestamptz, conflicts integer)
      on conflict (org_id, anonymous_id) do update set
        customer_id = case when excluded.linked_at < l.linked_at then excluded.customer_id else l.customer_id end,
        conflicts = l.conflicts + excluded.conflicts + case when excluded.customer_id <> l.customer_id then 1 else 0 end,
        linked_at = least(l.linked_at, excluded.linked_at)
      where excluded.customer_id <> l.customer_id or excluded.linked_at < l.linked_at or excluded.conflicts > 0
      returning l.anonymous_id as "anonymousId", l.customer_id as current,
        (select b.customer_id from before b where b.anonymous_id = l.anonymous_id) as previous`),
  );
  return changed.filter((c) => c.previous !== c.current);
}

export interface OrderRow {
  order_id: string;
  event_id: number;
  customer_id: string | null;
  anonymous_id: string | null;
  placed_at: string;
  currency: string;
  total_minor: number;
  discount_minor: number | null;
  shipping_minor: number | null;
  tax_minor: number | null;
  sustainable: boolean;
  coupon: string | null;
  checkout_id: string | null;
  items: unknown[] | null;
}

/** Inserts the orders whose orderId is new; returns event id -> orderId of those inserted. */
export async function insertOrderRows(
  tx: Executor,
  orgId: string,
  rows: readonly OrderRow[],
): Promise<{ kept: Map<number, string>; refundedBefore: string[] }> {
  // A cancellation or a refund may arrive before its order: the new order takes the cancellation
  // on insert, and says whether refunds wait for it, in this one statement.
  const result = await tx.execute(sql`
    insert into orders (org_id, order_id, event_id, customer_id, anonymous_id, placed_at, currency, total_minor,
                        discount_minor, shipping_minor, tax_minor, sustainable, coupon, checkout_id, items, canceled_at)
    select ${orgId}::uuid, r.order_id, r.event_id, r.customer_id, r.anonymous_id, r.placed_at, r.currency, r.total_minor,
           r.discount_minor, r.shipping_minor, r.tax_minor, r.sustainable, r.coupon, r.checkout_id, r.items,
           (select c.canceled_at from order_cancellations c where c.org_id = ${orgId}::uuid and c.order_id = r.order_id)
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(order_id text, event_id bigint, customer_id text, anonymous_id text, placed_at timestamptz, currency text,
           total_minor bigint, discount_minor bigint, shipping_minor bigint, tax_minor bigint, sustainable boolean,
           coupon text, checkout_id text, items jsonb)
    on conflict do nothing
    returning event_id, order_id,
      exists (select 1 from order_refunds f where f.org_id = orders.org_id and f.order_id = orders.order_id) as refunded_before`);
  const inserted = rowsOf<{ event_id: string | number; order_id: string; refunded_before: boolean }>(result);
  return {
    kept: new Map(inserted.map((r) => [Number(r.event_id), r.order_id])),
    refundedBefore: inserted.filter((r) => r.refunded_before).map((r) => r.order_id),
  };
}
