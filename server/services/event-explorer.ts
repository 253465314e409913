import "server-only";
import { and, asc, count, desc, eq, gt, gte, ilike, inArray, lt, max, or, sql, sum, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { events, identityLinks } from "@/db/schema";
import { countsForCustomer, resolvedCustomerId } from "@/server/customers/identity";

export interface EventFilter {
  /** Exact types; together with `custom`, a union: "these types, and every custom event". */
  types?: string[];
  /** Include custom events (well-formed types outside the taxonomy). */
  custom?: boolean;
  /** A customer id (their own events and those of their linked anonymous ids) or a raw anonymous id. */
  actor?: string;
  /** Only the events that count for this customer (a profile's timeline). */
  customerId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Part of the message id (the client's idempotency key), case-insensitive. */
  messageId?: string;
}

/** Keyset position: the last row of the previous page. */
export interface EventCursor {
  timestamp: Date;
  id: number;
}

const eventColumns = {
  id: events.id,
  messageId: events.messageId,
  type: events.type,
  custom: events.custom,
  customerId: events.customerId,
  anonymousId: events.anonymousId,
  /** Who the event counts for after identity stitching (null: an anonymous visitor). */
  resolvedCustomerId: resolvedCustomerId(events),
  sessionId: events.sessionId,
  timestamp: events.timestamp,
  receivedAt: events.receivedAt,
  source: events.source,
  properties: events.properties,
};

/** `%` and `_` typed by a person mean themselves, not LIKE wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filterConditions(orgId: string, filter: EventFilter): SQL[] {
  const conditions: SQL[] = [eq(events.orgId, orgId)];
  const types = filter.types?.length ? inArray(events.type, filter.types) : undefined;
  const custom = filter.custom ? eq(events.custom, true) : undefined;
  if (types || custom) conditions.push(or(types, custom)!);
  if (filter.actor) conditions.push(or(countsForCustomer(events, orgId, filter.actor), eq(events.anonymousId, filter.actor))!);
  if (filter.customerId) conditions.push(countsForCustomer(events, orgId, filter.customerId));
  if (filter.from) conditions.push(gte(events.timestamp, filter.from));
  if (filter.to) conditions.push(lt(events.timestamp, filter.to));
  if (filter.messageId) conditions.push(ilike(events.messageId, `%${escapeLike(filter.messageId)}%`));
  return conditions;
}

/**
 * One page of events, newest first (timestamp desc, arrival desc). `latestId` is the newest arrival
 * in the organisation when the page was read: where a live tail starts.
 */
export async function listEvents(db: Executor, orgId: string, filter: EventFilter, page: { cursor?: EventCursor | null; limit: number }) {
  const conditions = filterConditions(orgId, filter);
  if (page.cursor) {
    conditions.push(sql`(${events.timestamp}, ${events.id}) < (${page.cursor.timestamp.toISOString()}::timestamptz, ${page.cursor.id})`);
  }
  const [rows, [latest]] = await Promise.all([
    db
      .select(eventColumns)
      .from(events)
      .where(and(...conditions))
      .orderBy(desc(events.timestamp), desc(events.id))
      .limit(page.limit + 1),
    db.select({ id: max(events.id) }).from(events).where(eq(events.orgId, orgId)),
  ]);
  const hasMore = rows.length > page.limit;
  const items = hasMore ? rows.slice(0, page.limit) : rows;
  const last = items.at(-1);
  return {
    items,
    nextCursor: hasMore && last ? { timestamp: last.timestamp, id: last.id } : null,
    latestId: latest?.id ?? 0,
  };
}

/** Events that arrived after `afterId`, oldest arrival first, for the explorer's live tail. */
export async function tailEvents(db: Executor, orgId: string, filter: EventFilter, afterId: number, limit = 100) {
  const items = await db
    .select(eventColumns)
    .from(events)
    .where(and(...filterConditions(orgId, filter), gt(events.id, afterId)))
    .orderBy(asc(events.id))
    .limit(limit);
  return { items, lastId: items.at(-1)?.id ?? afterId };
}

/**
 * What the filter menu offers: the types present with their counts, and how many conflicting
 * identity links were ignored (events.md asks the explorer to show it).
 */
export async function eventFacets(db: Executor, orgId: string) {
  const [types, [links]] = await Promise.all([
    db
      .select({ type: events.type, custom: events.custom, count: count() })
      .from(events)
      .where(eq(events.orgId, orgId))
      .groupBy(events.type, events.custom)
      .orderBy(desc(count()), asc(events.type)),
    db.select({ conflicts: sum(identityLinks.conflicts).mapWith(Number) }).from(identityLinks).where(eq(identityLinks.orgId, orgId)),
  ]);
  return {
    types,
    total: types.reduce((n, t) => n + t.count, 0),
    identityConflicts: links?.conflicts ?? 0,
  };
}
