import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { textArray } from "@/server/metrics/sql";

/**
 * `resolved_customer_id` of orders and keyed_events (db/schema/orders.ts) is kept by triggers: a row
 * takes its customer when it is inserted, and a link that is created, moved or erased re-resolves the
 * rows of its anonymous id that name no customer (migration 0023). Both read only what is committed, so
 * a guest's order (or view, or click) and the link that names that guest, stored by two batches side by
 * side, each miss the other's row: the row would keep no customer for good.
 *
 * Ingest therefore resolves again, after the anonymous-id locks of addBatchToActivityDays (exclusive for
 * the ids a batch relinks, shared for the ids of its events sent without a customerId): of the two
 * batches, the one that takes its lock second sees what the first committed. Pass the ids the batch
 * relinked and those of its own such rows (its orders and keyed events sent without a customerId; its page
 * views' ids, most of a batch's, have no such rows). Only rows whose customer changes are written, so
 * outside that race this reads a few index entries per id and writes nothing.
 */
export async function resolveAnonymousRowsAfterLocks(tx: Executor, orgId: string, anonymousIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(anonymousIds)];
  if (ids.length === 0) return;
  await tx.execute(sql`select resolve_anonymous_rows(array_fill(${orgId}::uuid, array[${ids.length}::int]), ${textArray(ids)})`);
}
