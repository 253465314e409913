import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { idArray, textArray, textList } from "@/server/metrics/sql";
import { noteNamesTaken } from "./name-queues";
import { rebuildStaleOrganizations } from "./stale-rollups";

/**
 * Keeps checkout_summaries (db/schema/rollups.ts) equal to the checkouts the raw events make
 * (server/metrics/checkouts.ts, checkoutsFromEvents, is the definition it is held to).
 *
 * A checkout's summary depends only on the events carrying its checkoutId (checkout.started,
 * checkout.step_viewed, checkout.completed, cart.recovery_sent) and the orders carrying it; who started it
 * (and who was messaged) is resolved
 * through identity links when read. So writes name the checkoutIds of what they store or delete in
 * checkout_summary_dirty, and the first read after them recomputes exactly those checkouts: nothing
 * to widen, unlike visit sessions.
 */

/** The event types a summary is made of; order.placed completes a checkout through its orders row. */
const SUMMARY_EVENT_TYPES = ["checkout.started", "checkout.step_viewed", "checkout.completed", "cart.recovery_sent"] as const;

/** What a write changed, as ingest and erasure know it. */
export interface CheckoutChanges {
  /** Events stored, or about to be deleted (read before the deletion). */
  eventIds?: readonly number[];
  /** A condition on (unaliased) `orders` rows about to be deleted. */
  orders?: SQL;
}

/** Beyond this many checkouts, a read rebuilds the organisation whole (one pass) rather than by id. */
const WHOLE_REBUILD_ABOVE = 20_000;

const lockKey = (orgId: string) => sql`hashtextextended(${"checkout-summaries:" + orgId}, 0)`;

/** The checkoutIds a write touches (rows of `checkout_id`, nulls possible). */
function checkoutIdsOf(orgId: string, changes: CheckoutChanges): SQL | null {
  const parts: SQL[] = [];
  const eventIds = changes.eventIds ?? [];
  if (eventIds.length) {
    // Fetched by id first (the fence), the type tested after: see visit-sessions.ts namesOf.
    parts.push(sql`
      select e.properties->>'checkoutId' as checkout_id from (
        select x.type, x.properties from events x
        where x.org_id = ${orgId} and x.id = any(${idArray(eventIds)})
        offset 0) e
      where e.type in ${textList([...SUMMARY_EVENT_TYPES, "order.placed"])}`);
  }
  if (changes.orders) parts.push(sql`select orders.checkout_id from orders where orders.org_id = ${orgId} and ${changes.orders}`);
  return parts.length ? sql.join(parts, sql` union all `) : null;
}

/**
 * Names what a batch stored. Sorted and without waiting on anything the visit-session names wait
 * for: called just before markVisitSessions (which says why the order matters).
 */
export async function markCheckoutSummaries(tx: Executor, orgId: string, changes: CheckoutChanges): Promise<void> {
  const ids = checkoutIdsOf(orgId, changes);
  if (ids) await saveIds(tx, orgId, ids);
}

/** The checkoutIds of a deletion, read before it; saved after it by saveCheckoutIds. */
export async function checkoutIdsBefore(tx: Executor, orgId: string, changes: CheckoutChanges): Promise<string[]> {
  const ids = checkoutIdsOf(orgId, changes);
  if (!ids) return [];
  return rowsOf<{ checkout_id: string }>(await tx.execute(sql`select distinct n.checkout_id from (${ids}) n where n.checkout_id is not null`)).map(
    (r) => r.checkout_id,
  );
}

export async function saveCheckoutIds(tx: Executor, orgId: string, checkoutIds: readonly string[]): Promise<void> {
  if (checkoutIds.length) await saveIds(tx, orgId, sql`select unnest(${textArray(checkoutIds)}) as checkout_id`);
}

/**
 * `do update`, not `do nothing`: a name already there is locked until this write commits, so a refresh
 * running meanwhile skips it (takeNames) instead of taking it away with a recomputation that cannot see
 * this write's events yet.
 */
async function saveIds(tx: Executor, orgId: string, ids: SQL): Promise<void> {
  await tx.execute(sql`
    insert into checkout_summary_dirty (org_id, checkout_id)
    select distinct ${orgId}::uuid, n.checkout_id from (${ids}) n where n.checkout_id is not null
    order by 2
    on conflict (org_id, checkout_id) do update set checkout_id = excluded.checkout_id`);
}

/**
 * Takes the names no open write holds (`skip locked`: a read never waits for a write, and a write never
 * waits for a read that waits for it). The names an open write holds stay for the next read, which sees
 * that write's events.
 */
async function takeNames(tx: Executor, orgId: string): Promise<string[]> {
  const taken = await tx.execute(sql`
    delete from checkout_summary_dirty d
    where d.org_id = ${orgId} and d.checkout_id in (
      select s.checkout_id from checkout_summary_dirty s where s.org_id = ${orgId} for update skip locked)
    returning d.checkout_id`);
  return rowsOf<{ checkout_id: string }>(taken).map((r) => r.checkout_id);
}

/**
 * Brings the organisation's checkout_summaries up to date before a read: one index probe when no
 * write named a checkout since the last read. Serialised per organisation; a write that commits
 * meanwhile names its checkouts again for the next read. Returns whether it caught up (no name left):
 * not when an open write held a name (skipped: that write may still roll back and leave it), nor when a
 * write named more meanwhile. The answer cache keeps no answer read from a rollup that had not.
 */
export async function refreshCheckoutSummaries(db: Executor, orgId: string): Promise<boolean> {
  const pending = async () => rowsOf<{ any: boolean }>(await db.execute(sql`select exists (select 1 from checkout_summary_dirty where org_id = ${orgId}) as any`))[0]?.any ?? false;
  if (!(await pending())) return true;
  let taken = 0;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(orgId)})`);
    // Taken before the events are read: a write that commits after this is named again for the next read.
    const ids = await takeNames(tx, orgId);
    taken = ids.length;
    if (ids.length === 0) return;
    if (ids.length > WHOLE_REBUILD_ABOVE) return rebuildAll(tx, orgId);
    await tx.execute(sql`delete from checkout_summaries where org_id = ${orgId} and checkout_id = any(${textArray(ids)})`);
    await insertSummaries(tx, orgId, ids);
  });
  await noteNamesTaken(db, "checkout_summary_dirty", taken);
  // Names an open write holds were skipped; names committed meanwhile are new: either way not caught up.
  return !(await pending());
}

/** Rebuilds every checkout of the organisation (its data predates the rollup). */
export async function rebuildCheckoutSummaries(tx: Executor, orgId: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(orgId)})`);
  const taken = await takeNames(tx, orgId);
  await rebuildAll(tx, orgId);
  return taken.length;
}

/** Builds the checkout summaries of every organisation whose data predates them (run at start-up). */
export function rebuildStaleCheckoutSummaries(db: Executor, log: (message: string) => void = () => {}): Promise<number> {
  return rebuildStaleOrganizations(db, { flag: "checkout_summaries_stale", name: "checkout summaries", queue: "checkout_summary_dirty", rebuild: rebuildCheckoutSummaries }, log);
}

async function rebuildAll(tx: Executor, orgId: string): Promise<void> {
  await tx.execute(sql`delete from checkout_summaries where org_id = ${orgId}`);
  await insertSummaries(tx, orgId, null);
  await tx.execute(sql`update organizations set checkout_summaries_stale = false where id = ${orgId} and checkout_summaries_stale`);
  // Statistics now, not whenever autovacuum comes: without them the first reads plan for an empty table.
  await tx.execute(sql`analyze checkout_summaries`);
}

/**
 * Computes and stores the summaries of these checkoutIds (every checkout without a list), as
 * metrics.md "Checkouts" defines the parts: the first checkout.started by timestamp then arrival, the
 * earliest completion of any kind, the steps viewed with its id at any time, the variant of the first
 * checkout.started naming one, else of the first checkout.step_viewed that does; and the first
 * cart.recovery_sent by timestamp then arrival (cart_recovery_conversion_rate). A checkout with either a
 * start or a message has a row.
 */
async function insertSummaries(tx: Executor, orgId: string, checkoutIds: readonly string[] | null): Promise<void> {
  const ofIds = checkoutIds ? sql`and (x.properties->>'checkoutId') = any(${textArray(checkoutIds)})` : sql``;
  const ordersOfIds = checkoutIds ? sql`and o.checkout_id = any(${textArray(checkoutIds)})` : sql``;
  await tx.execute(sql`
    with ev as materialized (
      select x.id, x.type, x.timestamp as ts, x.customer_id, x.anonymous_id, x.properties->>'checkoutId' as checkout_id,
             x.properties->>'step' as step, x.properties->>'variant' as variant,
             x.properties->>'nudge' as nudge, x.properties->>'channel' as channel
      from events x
      where x.org_id = ${orgId} and x.type in ${textList(SUMMARY_EVENT_TYPES)} ${ofIds}
    ),
    starts as (
      select distinct on (e.checkout_id) e.checkout_id, e.ts as started_at, e.customer_id, e.anonymous_id
      from ev e where e.type = 'checkout.started' and e.checkout_id is not null
      order by e.checkout_id, e.ts, e.id
    ),
    completions as (
      select x.checkout_id, min(x.ts) as completed_at from (
        select e.checkout_id, e.ts from ev e where e.type = 'checkout.completed'
        union all
        select o.checkout_id, o.placed_at from orders o where o.org_id = ${orgId} and o.checkout_id is not null ${ordersOfIds}
      ) x group by x.checkout_id
    ),
    steps as (
      select e.checkout_id, array_agg(distinct e.step order by e.step) as steps
      from ev e where e.type = 'checkout.step_viewed' and e.step is not null group by e.checkout_id
    ),
    variants as (
      select distinct on (e.checkout_id) e.checkout_id, e.variant
      from ev e where e.type in ('checkout.started', 'checkout.step_viewed') and e.variant is not null
      order by e.checkout_id, e.type <> 'checkout.started', e.ts, e.id
    ),
    recoveries as (
      select distinct on (e.checkout_id) e.checkout_id, e.ts as recovery_at, e.customer_id, e.anonymous_id, e.nudge, e.channel
      from ev e where e.type = 'cart.recovery_sent' and e.checkout_id is not null
      order by e.checkout_id, e.ts, e.id
    ),
    checkouts as (select checkout_id from starts union select checkout_id from recoveries)
    insert into checkout_summaries (org_id, checkout_id, started_at, customer_id, anonymous_id, completed_at, steps, variant,
                                    recovery_at, recovery_customer_id, recovery_anonymous_id, recovery_nudge, recovery_channel)
    select ${orgId}::uuid, k.checkout_id, s.started_at, s.customer_id, s.anonymous_id, c.completed_at, coalesce(st.steps, '{}'), v.variant,
           r.recovery_at, r.customer_id, r.anonymous_id, r.nudge, r.channel
    from checkouts k
    left join starts s on s.checkout_id = k.checkout_id
    left join recoveries r on r.checkout_id = k.checkout_id
    left join completions c on c.checkout_id = k.checkout_id
    left join steps st on st.checkout_id = k.checkout_id
    left join variants v on v.checkout_id = k.checkout_id`);
}
