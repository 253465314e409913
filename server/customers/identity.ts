import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { identityLinks } from "@/db/schema";

/**
 * Identity at read time (events.md, "Identity").
 *
 * Ingest stores every row exactly as sent and records `anonymousId -> customerId` in identity_links
 * (first link wins; conflicting later links are only counted). No row as sent is rewritten when a link
 * arrives: links apply when data is read, so events sent under a device id before the customer was
 * known count for that customer as soon as the link exists, and an erased link stops counting at once.
 * (One derived column applies the rule ahead of reads: resolved_customer_id of orders and keyed_events,
 * which the database re-resolves in the statement that creates, moves or erases a link; db/schema/orders.ts.)
 *
 * The rule, for any row that records an actor the way events do (events, orders, survey_responses):
 *
 *     resolved customer = coalesce(row.customer_id, the customer row.anonymous_id is linked to)
 *
 * A row that names a customer belongs to that customer even when its anonymous id is linked to
 * someone else (that pairing is exactly a conflicting link, which is ignored). A row with neither a
 * customer id nor a linked anonymous id belongs to no customer: it is an anonymous visitor's.
 */

/** The columns a table needs for identity resolution. */
export interface ActorColumns {
  orgId: AnyPgColumn;
  customerId: AnyPgColumn;
  anonymousId: AnyPgColumn;
}

/**
 * A column reference that stays table-qualified wherever the fragment is used. Drizzle writes the
 * top-level columns of a fragment in a single-table select list without their table name, and an
 * unqualified "customer_id" inside the identity_links subquery would silently mean identity_links'
 * own column; a column nested one fragment deeper is always written as "table"."column".
 */
function qualified(column: AnyPgColumn): SQL {
  return sql`${column}`;
}

/**
 * The customer a row counts for, or null: the building block for grouping by customer
 * (`group by ${resolvedCustomerId(events)}`). The identity_links lookup is a correlated scalar
 * subquery on its primary key (org_id, anonymous_id), so it costs one index probe per anonymous row
 * and nothing for rows that carry a customer id.
 */
export function resolvedCustomerId(row: ActorColumns): SQL<string | null> {
  const link = { customerId: qualified(identityLinks.customerId), orgId: qualified(identityLinks.orgId), anonymousId: qualified(identityLinks.anonymousId) };
  return sql<string | null>`coalesce(${qualified(row.customerId)}, (select ${link.customerId} from ${identityLinks} where ${link.orgId} = ${qualified(row.orgId)} and ${link.anonymousId} = ${qualified(row.anonymousId)}))`;
}

/**
 * The anonymous ids linked to one customer, as a subquery (uses identity_links_org_customer_idx).
 */
export function linkedAnonymousIds(orgId: string, customerId: string): SQL {
  return sql`(select ${qualified(identityLinks.anonymousId)} from ${identityLinks} where ${qualified(identityLinks.orgId)} = ${orgId} and ${qualified(identityLinks.customerId)} = ${customerId})`;
}

/**
 * Rows of `orgId` that count for `customerId`. Equivalent to
 * `org_id = orgId and resolvedCustomerId(row) = customerId`, but written as two index-friendly
 * branches: the customer's own rows through the (org_id, customer_id) index, and the rows of their
 * linked anonymous ids that name no customer through the (org_id, anonymous_id) index. Use this to
 * fetch one customer's rows; use resolvedCustomerId to group many.
 */
export function countsForCustomer(row: ActorColumns, orgId: string, customerId: string): SQL {
  const [org, customer, anonymous] = [qualified(row.orgId), qualified(row.customerId), qualified(row.anonymousId)];
  return sql`(${org} = ${orgId} and (${customer} = ${customerId} or (${customer} is null and ${anonymous} in ${linkedAnonymousIds(orgId, customerId)})))`;
}
