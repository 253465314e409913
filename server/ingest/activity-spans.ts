import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { textArray } from "@/server/metrics/sql";
import { noteNamesTaken } from "./name-queues";

/**
 * Keeps customer_activity_spans (db/schema/rollups.ts) equal to customer_activity_days and the live orders:
 * triggers on the days and on orders name each customer whose days or live orders changed in
 * activity_span_dirty (migrations 0021 and 0025), and the first read after that recomputes those customers'
 * spans from their days and orders. The days and orders are the truth (kept in every ingest transaction,
 * held to the raw events by the consistency test); the spans only re-shape them.
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

/**
 * Replaces the spans of these customers (every customer of the organisation without a list) with what their
 * days and live orders say now. A customer with orders but no counted day (possible: the orders table resolves
 * through identity links on its own) still gets a row, for `ordered`.
 */
async function recomputeSpans(tx: Executor, orgId: string, customers: readonly string[] | null): Promise<void> {
  const only = (column: SQL) => (customers ? sql`and ${column} = any(${textArray(customers)})` : sql``);
  await tx.execute(sql`delete from customer_activity_spans s where s.org_id = ${orgId} ${only(sql`s.customer_id`)}`);
  await tx.execute(sql`
    insert into customer_activity_spans (org_id, customer_id, initiated, sustainability, ordered)
    select ${orgId}, coalesce(d.customer_id, o.customer_id),
           coalesce(d.initiated, '{}'::datemultirange), coalesce(d.sustainability, '{}'::datemultirange),
           coalesce(o.ordered, '{}'::tstzmultirange)
    from (
      select a.customer_id,
             coalesce(range_agg(daterange(a.day, a.day + 1)) filter (where a.initiated > 0), '{}'::datemultirange) as initiated,
             coalesce(range_agg(daterange(a.day, a.day + 1)) filter (where a.sustainability > 0), '{}'::datemultirange) as sustainability
      from customer_activity_days a
      where a.org_id = ${orgId} and (a.initiated > 0 or a.sustainability > 0) ${only(sql`a.customer_id`)}
      group by a.customer_id) d
    full join (
      -- Each live order as the one-point range [placed_at, placed_at] (db/schema/rollups.ts says why points).
      select o.resolved_customer_id as customer_id, range_agg(tstzrange(o.placed_at, o.placed_at, '[]')) as ordered
      from orders o
      where o.org_id = ${orgId} and o.canceled_at is null and o.resolved_customer_id is not null ${only(sql`o.resolved_customer_id`)}
      group by o.resolved_customer_id) o on o.customer_id = d.customer_id`);
  // Statistics now after a whole rebuild, not whenever autovacuum comes: the first reads would plan for an empty table.
  if (!customers) await tx.execute(sql`analyze customer_activity_spans`);
}
