import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { bitOf, CONTENT_TOPICS, CONTENT_TYPES, eventIs, idArray, textArray } from "@/server/metrics/sql";
import type { RelinkedAnonymousId } from "./bulk";
import { rebuildStaleOrganizations } from "./stale-rollups";

/**
 * Keeps customer_activity_days (db/schema/rollups.ts) equal to what the raw events say.
 *
 * A write that changes what earlier events mean (an identity link that moves an anonymous id's events
 * to another customer, a cancellation that turns an order.placed into "never placed", an erasure)
 * names the (customer, local day) pairs it touched, and those rows are recomputed from the events of
 * that customer and day (index scans: the cost follows the write, not the history). New events that
 * change nothing earlier are simply added to their day's counts; they are deduplicated before they
 * get here, and their day and customer are read from the stored rows, so late and out-of-order events
 * need no special case.
 */

export interface CustomerDay {
  cid: string;
  day: string;
}

const zoneOf = (orgId: string) => sql`(select o.time_zone from organizations o where o.id = ${orgId})`;

/**
 * The customer an anonymous row is linked to, as a primary-key probe per row (coalesce evaluates it
 * only without a customerId). A left join was planned as a nested loop over all the organisation's links.
 */
const linkedCustomer = (row: SQL) =>
  sql`(select il.customer_id from identity_links il where il.org_id = ${row}.org_id and il.anonymous_id = ${row}.anonymous_id)`;

/** The organisation's rollup lock: writes hold it shared, a rebuild exclusive. */
const orgLockKey = (orgId: string) => sql`hashtextextended(${"activity-days:" + orgId}, 0)`;

/** The counts of a group of events rows `e` (the classes are the metrics' own: server/metrics/sql.ts). */
const classCounts = sql`
    count(*) filter (where ${eventIs.initiated} and ${eventIs.live})::int as initiated,
    count(*) filter (where ${eventIs.sustainability})::int as sustainability,
    count(*) filter (where ${eventIs.lifecycle})::int as lifecycle,
    count(*) filter (where ${eventIs.repair})::int as repair,
    count(*) filter (where ${eventIs.referral})::int as referral,
    count(*) filter (where ${eventIs.content})::int as content,
    coalesce(bit_or(${bitOf(sql`e.properties->>'contentType'`, CONTENT_TYPES)}) filter (where ${eventIs.content}), 0)::int as content_types,
    coalesce(bit_or(${bitOf(sql`e.properties->>'topic'`, CONTENT_TOPICS)}) filter (where ${eventIs.content}), 0)::int as content_topics`;

/** The columns classCounts fills, in its order, for the inserts. */
const COUNTED = sql.raw("initiated, sustainability, lifecycle, repair, referral, content, content_types, content_topics");

/**
 * An event that can change a day: every class above is customer-initiated or a sustainability
 * interaction, except referral.converted (sent for the referrer when the referred customer buys).
 */
const countsForADay = sql`(${eventIs.initiated} or ${eventIs.sustainability} or ${eventIs.referral})`;

/** Only days with something counted get a row. */
const withSomething = (grouped: SQL) =>
  sql`select * from ${grouped} r where r.initiated > 0 or r.sustainability > 0 or r.lifecycle > 0 or r.referral > 0`;

/** What a write changed, in the terms that decide which activity days it touched. */
export interface ActivityChanges {
  /** Events stored or about to be deleted (their own customer and local day). */
  eventIds?: readonly number[];
  /** Anonymous ids whose customer changed: their unidentified events move between the two. */
  relinked?: readonly RelinkedAnonymousId[];
  /** Orders whose cancellation changed: their placement stops (or starts) counting. */
  orderIds?: readonly string[];
  /**
   * Events of the write itself that a relink does not need to name: ingest adds them to their days
   * under the link as it now stands, so only the anonymous id's earlier events move. (Most relinks
   * arrive with the anonymous events they link; recomputing those days cost a sixth of the store.)
   */
  addedEventIds?: readonly number[];
}


/**
 * The (customer, day) pairs a write touched. Call it inside the write's transaction, after the write
 * for inserts and before it for deletions (the identity links must still say who the events were).
 * It takes the organisation's shared rollup lock first, so a time-zone rebuild never runs between
 * the days being named here and being refreshed.
 */
export async function touchedDays(tx: Executor, orgId: string, changes: ActivityChanges): Promise<CustomerDay[]> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${orgLockKey(orgId)})`);
  const zone = zoneOf(orgId);
  const eventIds = changes.eventIds ?? [];
  const claims = (changes.relinked ?? []).flatMap((r) => [r.current, r.previous].flatMap((cid) => (cid ? [{ anonymousId: r.anonymousId, cid }] : [])));
  const orderIds = changes.orderIds ?? [];
  const parts: SQL[] = [];
  // Written for index probes (bench:store found each of these planned as a scan of the organisation's
  // events): `= any(array(…))`, not `in (select …)`, so the ids probe the primary key; and joins on
  // `anonymous_id` also say `anonymous_id is not null`, which the planner needs to use its partial index, each anonymous id
  // in a lateral probe of its own (`offset 0` keeps it one: flattened, it was planned as a scan of the
  // organisation's events whenever the statistics were behind, as they are while a new shop loads).
  if (eventIds.length) {
    parts.push(sql`
      select coalesce(e.customer_id, ${linkedCustomer(sql`e`)}) as cid, (e.timestamp at time zone ${zone})::date as day
      from events e
      where e.org_id = ${orgId} and e.id = any(${idArray(eventIds)})
        -- An event in no class (sent by the merchant: shipments, sends, refunds…) changes no day.
        and ${countsForADay}`);
  }
  if (claims.length) {
    parts.push(sql`
      select c.cid, e.day
      from jsonb_to_recordset(${JSON.stringify(claims)}::jsonb) as c("anonymousId" text, cid text)
      cross join lateral (
        select (e.timestamp at time zone ${zone})::date as day from events e
        where e.org_id = ${orgId} and e.anonymous_id = c."anonymousId" and e.anonymous_id is not null and e.customer_id is null
          and ${countsForADay}
          ${changes.addedEventIds?.length ? sql`and e.id <> all(${idArray(changes.addedEventIds)})` : sql``}
        offset 0) e`);
  }
  if (orderIds.length) {
    parts.push(sql`
      select coalesce(o.customer_id, ${linkedCustomer(sql`o`)}) as cid, (o.placed_at at time zone ${zone})::date as day
      from orders o
      where o.org_id = ${orgId} and o.order_id = any(${textArray(orderIds)})`);
  }
  if (parts.length === 0) return [];
  return rowsOf<CustomerDay>(
    await tx.execute(sql`select distinct t.cid, t.day::text as day from (${sql.join(parts, sql` union all `)}) t where t.cid is not null`),
  );
}

/**
 * Transaction locks on these customers' activity days, taken in one sorted statement against
 * deadlocks (a lock this transaction holds already is taken again at no cost). A recomputation
 * (delete, then insert from the events it sees) holds its customers' locks exclusively; an addition
 * holds them shared. So a recomputation never interleaves with another batch's addition to the same
 * row (its insert would meet the other's uncommitted row and fail on the key, or, inserting after
 * it, drop what it added), while additions, which commute, never wait for each other.
 */
async function lockCustomers(tx: Executor, orgId: string, cids: readonly string[]): Promise<void> {
  if (cids.length === 0) return;
  await tx.execute(customerLocks(orgId, cids));
}

/** The statement that takes those locks: exclusive for `recomputed`, shared for the others of `added` (a relation with column c). */
function customerLocks(orgId: string, recomputed: readonly string[], added: SQL | null = null): SQL {
  const exclusive = sql`select c, true as x from jsonb_array_elements_text(${JSON.stringify([...new Set(recomputed)])}::jsonb) as c`;
  const all = added ? sql`select c, bool_or(x) as x from (${exclusive} union all select m.c, false from ${added} m) u group by c` : exclusive;
  const key = sql`hashtextextended(${orgId} || ':' || l.c, 0)`;
  // Volatile functions in the select list are evaluated after the sort: the locks are taken in order.
  return sql`select case when l.x then pg_advisory_xact_lock(${key}) else pg_advisory_xact_lock_shared(${key}) end from (${all}) l order by l.c`;
}

/**
 * Recomputes the rows of these (customer, day) pairs from the raw events. The pairs come from
 * touchedDays in the same transaction, which already holds the organisation's shared rollup lock.
 */
export async function refreshActivityDays(tx: Executor, orgId: string, touched: readonly CustomerDay[]): Promise<void> {
  const unique = [...new Map(touched.map((t) => [`${t.cid}\u0000${t.day}`, t])).values()];
  if (unique.length === 0) return;
  await lockCustomers(tx, orgId, unique.map((t) => t.cid));
  const pairs = sql`(select t.cid, t.day::date as day from jsonb_to_recordset(${JSON.stringify(unique)}::jsonb) as t(cid text, day text))`;
  await tx.execute(sql`
    delete from customer_activity_days a using ${pairs} t
    where a.org_id = ${orgId} and a.customer_id = t.cid and a.day = t.day`);
  const zone = zoneOf(orgId);
  await tx.execute(sql`
    insert into customer_activity_days (org_id, day, customer_id, ${COUNTED})
    ${withSomething(sql`(
      select ${orgId}::uuid as org_id, t.day, t.cid, ${classCounts}
      from ${pairs} t
      cross join lateral (
        select x.org_id, x.type, x.custom, x.properties from events x
        where x.org_id = ${orgId} and x.customer_id = t.cid
          and x.timestamp >= (t.day::timestamp at time zone ${zone}) and x.timestamp < ((t.day + 1)::timestamp at time zone ${zone})
        union all
        select x.org_id, x.type, x.custom, x.properties from identity_links il
        join events x on x.org_id = il.org_id and x.anonymous_id = il.anonymous_id and x.anonymous_id is not null and x.customer_id is null
          and x.timestamp >= (t.day::timestamp at time zone ${zone}) and x.timestamp < ((t.day + 1)::timestamp at time zone ${zone})
        where il.org_id = ${orgId} and il.customer_id = t.cid
      ) e
      group by t.day, t.cid)`)}`);
}

/**
 * Transaction locks on the anonymous ids whose events this batch resolves through identity links:
 * exclusive for the ids it relinks, shared for the ids of its events sent without a customerId. Taken
 * in their own statement, sorted, before the days are named or added, so that the statements after
 * them see what a batch they waited for committed. Without them, a batch storing a3's unlinked view
 * and a batch linking a3 to c1, side by side, each missed the other (the view was added to nobody,
 * and the link's recomputation did not see the view yet): c1's day lacked it for good. An erasure
 * takes its customer's linked ids exclusively, as a relink does (it deletes their links).
 */
export async function lockAnonymousIds(tx: Executor, orgId: string, ids: { exclusive: Iterable<string>; shared: Iterable<string> }): Promise<void> {
  const exclusive = new Set(ids.exclusive);
  const locks = [...new Set([...exclusive, ...ids.shared])].map((id) => ({ id, x: exclusive.has(id) }));
  if (locks.length === 0) return;
  const key = sql`hashtextextended(${orgId} || ':anonymous:' || l.id, 0)`;
  // Volatile functions in the select list are evaluated after the sort: the locks are taken in order.
  await tx.execute(sql`
    select case when l.x then pg_advisory_xact_lock(${key}) else pg_advisory_xact_lock_shared(${key}) end
    from jsonb_to_recordset(${JSON.stringify(locks)}::jsonb) as l(id text, x boolean)
    order by l.id`);
}

/**
 * Ingest's path for a stored batch. Days that a moved identity link or a cancellation changed are
 * recomputed whole; every other day the batch touched only gains the batch's new events, added as
 * counts by an upsert. Both hold the locks of the customers they write (lockCustomers), so a
 * recomputation never runs beside another batch's addition to the same customer; the consistency
 * test holds both paths to a rebuild, and a concurrency test the interleaving.
 */
export async function addBatchToActivityDays(
  tx: Executor,
  orgId: string,
  changes: {
    eventIds: readonly number[];
    relinked: readonly RelinkedAnonymousId[];
    orderIds: readonly string[];
    /** The anonymous ids of the batch's events sent without a customerId. */
    unidentified: readonly string[];
  },
): Promise<void> {
  await lockAnonymousIds(tx, orgId, { exclusive: changes.relinked.map((r) => r.anonymousId), shared: changes.unidentified });
  const recomputed = await touchedDays(tx, orgId, { relinked: changes.relinked, orderIds: changes.orderIds, addedEventIds: changes.eventIds });
  if (changes.eventIds.length) {
    const cid = sql`coalesce(e.customer_id, ${linkedCustomer(sql`e`)})`;
    // One statement: the batch's counts per (day, customer), then the locks of every customer this
    // batch writes (added to here, shared, or recomputed below, exclusive) in one sorted acquisition
    // (an InitPlan, so before the first row is written), then the addition. The days that are
    // recomputed are left to refreshActivityDays, which then finds its locks held.
    await tx.execute(sql`
      with added as materialized (${withSomething(sql`(
        select ${orgId}::uuid as org_id, (e.timestamp at time zone ${zoneOf(orgId)})::date as day, ${cid} as cid, ${classCounts}
        from events e
        where e.org_id = ${orgId} and e.id = any(${idArray(changes.eventIds)}) and ${cid} is not null
        group by 2, 3)`)}),
      locks as materialized (${customerLocks(orgId, recomputed.map((r) => r.cid), sql`(select cid as c from added)`)})
      insert into customer_activity_days as a (org_id, day, customer_id, ${COUNTED})
      select r.org_id, r.day, r.cid, ${COUNTED} from added r
      where (select count(*) from locks) >= 0
        and not exists (
          select 1 from jsonb_to_recordset(${JSON.stringify(recomputed)}::jsonb) as p(cid text, day text)
          where p.cid = r.cid and p.day::date = r.day)
      on conflict (org_id, day, customer_id) do update set
        initiated = a.initiated + excluded.initiated,
        sustainability = a.sustainability + excluded.sustainability,
        lifecycle = a.lifecycle + excluded.lifecycle,
        repair = a.repair + excluded.repair,
        referral = a.referral + excluded.referral,
        content = a.content + excluded.content,
        content_types = a.content_types | excluded.content_types,
        content_topics = a.content_topics | excluded.content_topics`);
  }
  await refreshActivityDays(tx, orgId, recomputed);
}

/**
 * Rebuilds every row of the organisation (its time zone changed, or its data predates the rollup).
 * The exclusive lock waits for writes in flight, and holds new ones back until this commits.
 */
export async function rebuildActivityDays(tx: Executor, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${orgLockKey(orgId)})`);
  await tx.execute(sql`delete from customer_activity_days where org_id = ${orgId}`);
  await tx.execute(sql`
    insert into customer_activity_days (org_id, day, customer_id, ${COUNTED})
    ${withSomething(sql`(
      select ${orgId}::uuid as org_id, (e.timestamp at time zone ${zoneOf(orgId)})::date as day, coalesce(e.customer_id, il.customer_id) as cid, ${classCounts}
      from events e
      left join identity_links il on e.customer_id is null and il.org_id = e.org_id and il.anonymous_id = e.anonymous_id
      where e.org_id = ${orgId} and coalesce(e.customer_id, il.customer_id) is not null
      group by 2, 3)`)}`);
  await tx.execute(sql`update organizations set activity_days_stale = false where id = ${orgId}`);
}

/** Builds the activity days of every organisation whose data predates them (run at start-up). */
export function rebuildStaleActivityDays(db: Executor, log: (message: string) => void = () => {}): Promise<number> {
  return rebuildStaleOrganizations(db, { flag: "activity_days_stale", name: "activity days", rebuild: rebuildActivityDays }, log);
}
