import "server-only";
import { and, asc, count, desc, eq, ilike, inArray, isNull, like, max, min, or, sql, sum } from "drizzle-orm";
import type { Executor } from "@/db";
import { customers, events, identityLinks, orderRefunds, orders, surveyResponses } from "@/db/schema";
import { notFound } from "@/server/errors";
import { countsForCustomer } from "@/server/customers/identity";
import { escapeLike } from "./event-explorer";

/** A customer id prefix, or part of the email trait (case-insensitive). Empty: the most recently seen. */
export async function searchCustomers(db: Executor, orgId: string, input: { query?: string; limit: number }) {
  const query = input.query?.trim();
  const conditions = [eq(customers.orgId, orgId)];
  if (query) {
    const escaped = escapeLike(query);
    conditions.push(or(like(customers.customerId, `${escaped}%`), ilike(sql`${customers.traits}->>'email'`, `%${escaped}%`))!);
  }
  const rows = await db
    .select({
      customerId: customers.customerId,
      email: sql<string | null>`${customers.traits}->>'email'`,
      name: sql<string | null>`${customers.traits}->>'name'`,
      firstSeenAt: customers.firstSeenAt,
      lastSeenAt: customers.lastSeenAt,
    })
    .from(customers)
    .where(and(...conditions))
    .orderBy(desc(customers.lastSeenAt), asc(customers.customerId))
    .limit(input.limit);
  return rows;
}

/** Throws NOT_FOUND unless the organisation has this customer. */
export async function requireCustomer(db: Executor, orgId: string, customerId: string) {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.customerId, customerId)));
  if (!row) throw notFound("Customer");
  return row;
}

export interface RevenueByCurrency {
  currency: string;
  orders: number;
  /** Sum of totals minus applied refunds, minor units of `currency`. */
  netMinor: number;
}

/**
 * Orders that count (canceled ones never do) and their net revenue per currency. Nothing is
 * converted: the organisation's currency and the others are reported apart until exchange rates exist.
 */
export async function customerRevenue(db: Executor, orgId: string, customerId: string): Promise<RevenueByCurrency[]> {
  return db
    .select({
      currency: orders.currency,
      orders: count(),
      netMinor: sum(sql`${orders.totalMinor} - ${orders.refundedMinor}`).mapWith(Number),
    })
    .from(orders)
    .where(and(countsForCustomer(orders, orgId, customerId), isNull(orders.canceledAt)))
    .groupBy(orders.currency)
    .orderBy(asc(orders.currency));
}

/**
 * Profile header: traits, first and last seen, linked anonymous ids, order count and net revenue.
 * First and last seen include the linked anonymous visits: the person was seen before they were known.
 */
export async function getCustomerProfile(db: Executor, org: { id: string; currency: string }, customerId: string) {
  const customer = await requireCustomer(db, org.id, customerId);
  const [links, revenue, [canceled], [seen]] = await Promise.all([
    db
      .select({ anonymousId: identityLinks.anonymousId, linkedAt: identityLinks.linkedAt, conflicts: identityLinks.conflicts })
      .from(identityLinks)
      .where(and(eq(identityLinks.orgId, org.id), eq(identityLinks.customerId, customerId)))
      .orderBy(asc(identityLinks.linkedAt)),
    customerRevenue(db, org.id, customerId),
    db
      .select({ count: count() })
      .from(orders)
      .where(and(countsForCustomer(orders, org.id, customerId), sql`${orders.canceledAt} is not null`)),
    // The customers row knows only the events that named the customer; their linked anonymous visits
    // count as well (identity at read time), so "first seen" may be before they were identified.
    db
      .select({ first: min(events.timestamp), last: max(events.timestamp) })
      .from(events)
      .where(countsForCustomer(events, org.id, customerId)),
  ]);
  const earliest = (a: Date, b: Date | null | undefined) => (b && b < a ? b : a);
  const latest = (a: Date, b: Date | null | undefined) => (b && b > a ? b : a);
  const inOrgCurrency = revenue.find((r) => r.currency === org.currency);
  return {
    customerId: customer.customerId,
    traits: customer.traits,
    firstSeenAt: earliest(customer.firstSeenAt, seen?.first),
    lastSeenAt: latest(customer.lastSeenAt, seen?.last),
    anonymousIds: links,
    orderCount: revenue.reduce((n, r) => n + r.orders, 0),
    canceledOrderCount: canceled?.count ?? 0,
    revenue: {
      currency: org.currency,
      orders: inOrgCurrency?.orders ?? 0,
      netMinor: inOrgCurrency?.netMinor ?? 0,
      /** Orders in other currencies, each in its own currency: conversion comes with exchange rates. */
      otherCurrencies: revenue.filter((r) => r.currency !== org.currency),
    },
  };
}

export interface OrderCursor {
  placedAt: Date;
  orderId: string;
}

/** The customer's orders, newest first, with their refunds and cancellation. */
export async function listCustomerOrders(db: Executor, orgId: string, customerId: string, page: { cursor?: OrderCursor | null; limit: number }) {
  await requireCustomer(db, orgId, customerId);
  const conditions = [countsForCustomer(orders, orgId, customerId)];
  if (page.cursor) conditions.push(sql`(${orders.placedAt}, ${orders.orderId}) < (${page.cursor.placedAt.toISOString()}::timestamptz, ${page.cursor.orderId})`);
  const rows = await db
    .select({
      orderId: orders.orderId,
      placedAt: orders.placedAt,
      currency: orders.currency,
      totalMinor: orders.totalMinor,
      refundedMinor: orders.refundedMinor,
      canceledAt: orders.canceledAt,
      sustainable: orders.sustainable,
      coupon: orders.coupon,
      itemCount: sql<number>`coalesce(jsonb_array_length(${orders.items}), 0)`.mapWith(Number),
      customerId: orders.customerId,
      anonymousId: orders.anonymousId,
    })
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.placedAt), desc(orders.orderId))
    .limit(page.limit + 1);
  const hasMore = rows.length > page.limit;
  const items = hasMore ? rows.slice(0, page.limit) : rows;
  const refunds = items.length
    ? await db
        .select({
          orderId: orderRefunds.orderId,
          refundedAt: orderRefunds.refundedAt,
          appliedMinor: orderRefunds.appliedMinor,
          reason: orderRefunds.reason,
        })
        .from(orderRefunds)
        .where(and(eq(orderRefunds.orgId, orgId), inArray(orderRefunds.orderId, items.map((o) => o.orderId))))
        .orderBy(asc(orderRefunds.refundedAt), asc(orderRefunds.eventId))
    : [];
  const last = items.at(-1);
  return {
    items: items.map((order) => ({ ...order, refunds: refunds.filter((r) => r.orderId === order.orderId) })),
    nextCursor: hasMore && last ? { placedAt: last.placedAt, orderId: last.orderId } : null,
  };
}

export interface ResponseCursor {
  respondedAt: Date;
  eventId: number;
}

/** The customer's survey responses, newest first. */
export async function listCustomerResponses(db: Executor, orgId: string, customerId: string, page: { cursor?: ResponseCursor | null; limit: number }) {
  await requireCustomer(db, orgId, customerId);
  const conditions = [countsForCustomer(surveyResponses, orgId, customerId)];
  if (page.cursor) {
    conditions.push(sql`(${surveyResponses.respondedAt}, ${surveyResponses.eventId}) < (${page.cursor.respondedAt.toISOString()}::timestamptz, ${page.cursor.eventId})`);
  }
  const rows = await db
    .select({
      eventId: surveyResponses.eventId,
      kind: surveyResponses.kind,
      score: sql<number | null>`${surveyResponses.score}::float8`,
      surveyId: surveyResponses.surveyId,
      reason: surveyResponses.reason,
      comment: surveyResponses.comment,
      respondedAt: surveyResponses.respondedAt,
    })
    .from(surveyResponses)
    .where(and(...conditions))
    .orderBy(desc(surveyResponses.respondedAt), desc(surveyResponses.eventId))
    .limit(page.limit + 1);
  const hasMore = rows.length > page.limit;
  const items = hasMore ? rows.slice(0, page.limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? { respondedAt: last.respondedAt, eventId: last.eventId } : null };
}
