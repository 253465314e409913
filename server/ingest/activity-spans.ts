import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { textArray } from "@/server/metrics/sql";
import { noteNamesTaken } from "./name-queues";

/**
 * Keeps customer_activity_spans (db/schema/rollups.ts) equal to customer_activity_days: triggers on the
 * days name each customer whose days changed in activity_span_dirty (migration 0021), and the first read
 * after that recomputes those customers' spans from their days. The days are the truth (kept in every
 * ingest transaction, held to the raw events by the consistency test); the spans only re-shape them.
 */

/** Above this many customers named, the organisation is recomputed whole (a load, a time-zone rebuild). */
const WHOLE_REBUILD_ABOVE = 20_000;

const lockKey = (orgId: string) => sql`hashtextextended(${"activity-spans:" + orgId}, 0)`;

const pendingFor = (orgId: string) => sql`select exists (select 1 from activity_span_dirty where org_id = ${orgId}) as any`;

/**
 * Brings the organisation's spans up to date before a read: one index probe when no day changed since
 * the last one. Serialised per organisation. The queue has no key, so a name an open write inserted is
 * simply not visible yet (nothing for this to wait on or skip): it is taken by the first read after that
 * write commits, and if the write rolls back it never existed. Returns whether it caught up (no name
 * left, names committed meanwhile included), which the answer cache needs: it keeps no answer read from
 * a rollup that had not.
 */
export async function refreshActivitySpans(db: Executor, orgId: string): Promise<boolean> {
  const pending = async () => rowsOf<{ any: boolean }>(await db.execute(pendingFor(orgId)))[0]?.any ?? false;
  if (!(await pending())) return true;
  let taken = 0;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(orgId)})`);
    // Taken before the days are read: a write that commits after this names its customers again.
    const rows = rowsOf<{ customer_id: string }>(
      await tx.execute(sql`delete from activity_span_dirty where org_id = ${orgId} returning customer_id`),
    );
    taken = rows.length;
    const customers = [...new Set(rows.map((r) => r.customer_id))];
    if (customers.length === 0) return;
    await recomputeSpans(tx, orgId, customers.length > WHOLE_REBUILD_ABOVE ? null : customers);
  });
  await noteNamesTaken(db, "activity_span_dirty", taken);
  return !(await pending());
}

/** Replaces the spans of these customers (every customer of the organisation without a list) with what their days say now. */
async function recomputeSpans(tx: Executor, orgId: string, customers: readonly string[] | null): Promise<void> {
  const only = (column: SQL) => (customers ? sql`and ${column} = any(${textArray(customers)})` : sql``);
  await tx.execute(sql`delete from customer_activity_spans s where s.org_id = ${orgId} ${only(sql`s.customer_id`)}`);
  await tx.execute(sql`
    insert into customer_activity_spans (org_id, customer_id, initiated, sustainability)
    select a.org_id, a.customer_id,
           coalesce(range_agg(daterange(a.day, a.day + 1)) filter (where a.initiated > 0), '{}'::datemultirange),
           coalesce(range_agg(daterange(a.day, a.day + 1)) filter (where a.sustainability > 0), '{}'::datemultirange)
    from customer_activity_days a
    where a.org_id = ${orgId} and (a.initiated > 0 or a.sustainability > 0) ${only(sql`a.customer_id`)}
    group by a.org_id, a.customer_id`);
  // Statistics now after a whole rebuild, not whenever autovacuum comes: the first reads would plan for an empty table.
  if (!customers) await tx.execute(sql`analyze customer_activity_spans`);
}
