import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { loadMetricSettings, type MetricContext } from "@/server/metrics/context";
import { convertedSessions, SESSIONS_OF_SCOPED_VIEWS, VIEW_TYPES } from "@/server/metrics/session-rules";
import { idArray, liveOrders, resolvedEvents, textArray, textList } from "@/server/metrics/sql";
import type { RelinkedAnonymousId } from "./bulk";
import { noteNamesTaken } from "./name-queues";
import { rebuildStaleOrganizations } from "./stale-rollups";

/**
 * Keeps visit_sessions (db/schema/rollups.ts) equal to the sessions the raw events make.
 *
 * Writes only name what they touched, in visit_session_dirty: the customer or anonymous id and the
 * sessionId of each view and order they store or delete, both customers of a moved identity link,
 * the actor of an order whose cancellation arrived. The first read after them (refreshVisitSessions)
 * widens that set until it is closed, and rebuilds those actors' sessions from their events:
 *
 * - an anonymous id stands for its own actor and for the customer it is now linked to;
 * - a customer brings the anonymous ids linked to it (their unidentified views are the customer's);
 * - an actor brings every sessionId of its views and of the sessions stored as its own;
 * - a sessionId brings every actor with a view in it and the owner stored for it.
 *
 * Closed so, the set's views hold every session any of its actors owns or shares, whole, and every
 * order that can convert one of them (an order converts only its own actor's session); everything
 * stored outside the set is untouched by the writes. The sessions stored for the set's actors and
 * sessionIds are replaced by the ones recomputed, with the rules the raw read uses
 * (server/metrics/session-rules.ts). The consistency test holds the result to a recomputation.
 */

/** What a write changed, as ingest and erasure know it. */
export interface SessionChanges {
  /** Events stored, or about to be deleted (read before the deletion). */
  eventIds?: readonly number[];
  /** Anonymous ids whose customer changed. */
  relinked?: readonly RelinkedAnonymousId[];
  /** Orders whose cancellation arrived. */
  orderIds?: readonly string[];
  /** A customer about to be erased: its sessions, and those of its linked anonymous ids, go. */
  erasedCustomerId?: string;
}

/** Beyond this many names, a read rebuilds the organisation whole (one pass over its views) rather than piece by piece. */
const WHOLE_REBUILD_ABOVE = 20_000;

/** An anonymous actor, as resolvedEvents spells it (it can never equal a customer id). */
const ANONYMOUS = "\u0001";

const lockKey = (orgId: string) => sql`hashtextextended(${"visit-sessions:" + orgId}, 0)`;

const isView = sql`e.type in ${textList(VIEW_TYPES)}`;

/** The names a write gives: kind `c` a customer, `a` an anonymous id, `s` a sessionId. */
function namesOf(orgId: string, changes: SessionChanges): SQL {
  const parts: SQL[] = [];
  const eventIds = changes.eventIds ?? [];
  if (eventIds.length) {
    // The type is tested after the rows are fetched by id (the fence): as a condition beside the ids,
    // the planner fetched every view of the organisation by type and filtered the ids (50 ms a batch).
    parts.push(sql`
      select n.kind, n.key from (
        select e.type, e.customer_id, e.anonymous_id, e.session_id from events e
        where e.org_id = ${orgId} and e.id = any(${idArray(eventIds)})
        offset 0) e
      cross join lateral (values ('c', e.customer_id), ('a', case when e.customer_id is null then e.anonymous_id end), ('s', e.session_id)) n(kind, key)
      where ${isView} or e.type = 'order.placed'`);
  }
  const orderIds = changes.orderIds ?? [];
  if (orderIds.length) {
    parts.push(sql`
      select n.kind, n.key from orders o
      cross join lateral (values ('c', o.customer_id), ('a', case when o.customer_id is null then o.anonymous_id end)) n(kind, key)
      where o.org_id = ${orgId} and o.order_id = any(${textArray(orderIds)})`);
  }
  const listed = (changes.relinked ?? []).flatMap((r) => [
    { kind: "a", key: r.anonymousId },
    { kind: "c", key: r.current },
    ...(r.previous ? [{ kind: "c", key: r.previous }] : []),
  ]);
  if (changes.erasedCustomerId) {
    listed.push({ kind: "c", key: changes.erasedCustomerId });
    parts.push(sql`select 'a', il.anonymous_id from identity_links il where il.org_id = ${orgId} and il.customer_id = ${changes.erasedCustomerId}`);
  }
  if (listed.length) parts.push(sql`select n.kind, n.key from jsonb_to_recordset(${JSON.stringify(listed)}::jsonb) as n(kind text, key text)`);
  return parts.length ? sql.join(parts, sql` union `) : sql`select null::text as kind, null::text as key where false`;
}

/**
 * Records what a write touched. The last statement of the write's transaction, and in sorted order:
 * two batches naming the same keys then wait for each other at most once, never in a cycle (and never
 * while holding the activity-day locks the other waits for).
 */
export async function markVisitSessions(tx: Executor, orgId: string, changes: SessionChanges): Promise<void> {
  await saveNames(tx, orgId, namesOf(orgId, changes));
}

/** The names of a deletion, read before it: saved by saveSessionNames as the transaction's last statement. */
export async function sessionNamesBefore(tx: Executor, orgId: string, changes: SessionChanges): Promise<Name[]> {
  return rowsOf<Name>(await tx.execute(sql`select distinct n.kind, n.key from (${namesOf(orgId, changes)}) n where n.key is not null`));
}

export async function saveSessionNames(tx: Executor, orgId: string, names: readonly Name[]): Promise<void> {
  if (names.length) await saveNames(tx, orgId, sql`select n.kind, n.key from jsonb_to_recordset(${JSON.stringify(names)}::jsonb) as n(kind text, key text)`);
}

/**
 * `do update`, not `do nothing`: a name already there is locked until this write commits, so a refresh
 * running meanwhile skips it (takeNames) instead of taking it away with a rebuild that cannot see this
 * write's events yet.
 */
async function saveNames(tx: Executor, orgId: string, names: SQL): Promise<void> {
  await tx.execute(sql`
    insert into visit_session_dirty (org_id, kind, key)
    select distinct ${orgId}::uuid, n.kind, n.key from (${names}) n where n.key is not null
    order by 2, 3
    on conflict (org_id, kind, key) do update set key = excluded.key`);
}

/**
 * Takes the names no open write holds (`skip locked`: a read never waits for a write, and a write never
 * waits for a read that waits for it). The names an open write holds stay for the next read, which sees
 * that write's events.
 */
async function takeNames(tx: Executor, orgId: string): Promise<Name[]> {
  const taken = await tx.execute(sql`
    delete from visit_session_dirty d
    where d.org_id = ${orgId} and (d.kind, d.key) in (
      select s.kind, s.key from visit_session_dirty s where s.org_id = ${orgId} for update skip locked)
    returning d.kind, d.key`);
  return rowsOf<Name>(taken);
}

export interface Name {
  kind: "c" | "a" | "s";
  key: string;
}

/**
 * Brings the organisation's visit_sessions up to date before a read: nothing to do (one index probe)
 * when no write named anything since the last read. Refreshes are serialised per organisation; a
 * write that arrives meanwhile names its keys again and the next read takes them. Returns whether it
 * caught up (no name left): not when an open write held a name (skipped: that write may still roll
 * back and leave it), nor when a write named more meanwhile. The answer cache keeps no answer read
 * from a rollup that had not.
 */
export async function refreshVisitSessions(db: Executor, orgId: string): Promise<boolean> {
  const pending = async () => rowsOf<{ any: boolean }>(await db.execute(sql`select exists (select 1 from visit_session_dirty where org_id = ${orgId}) as any`))[0]?.any ?? false;
  if (!(await pending())) return true;
  let taken = 0;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(orgId)})`);
    // Taken before the events are read: a write that commits after this is named again for the next read.
    const names = await takeNames(tx, orgId);
    taken = names.length;
    if (names.length === 0) return;
    const ctx = await contextOf(tx, orgId);
    if (names.length > WHOLE_REBUILD_ABOVE) return rebuildAll(ctx);
    await rebuildPart(ctx, await closedSet(tx, orgId, names));
  });
  await noteNamesTaken(db, "visit_session_dirty", taken);
  // Names an open write holds were skipped; names committed meanwhile are new: either way not caught up.
  return !(await pending());
}

/** Rebuilds every session of the organisation (its data predates the rollup, or too much changed at once). */
export async function rebuildVisitSessions(tx: Executor, orgId: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(orgId)})`);
  const taken = await takeNames(tx, orgId);
  await rebuildAll(await contextOf(tx, orgId));
  return taken.length;
}

/** Builds the visit sessions of every organisation whose data predates them (run at start-up). */
export function rebuildStaleVisitSessions(db: Executor, log: (message: string) => void = () => {}): Promise<number> {
  return rebuildStaleOrganizations(db, { flag: "visit_sessions_stale", name: "visit sessions", queue: "visit_session_dirty", rebuild: rebuildVisitSessions }, log);
}

/** The metric helpers take a context; only the organisation and its settings matter here. */
async function contextOf(tx: Executor, orgId: string): Promise<MetricContext> {
  const now = new Date();
  return { db: tx, settings: await loadMetricSettings(tx, orgId), now, segment: null, segmentAt: now };
}

interface ClosedSet {
  customers: Set<string>;
  /** Anonymous ids that are actors of their own (or were: their stored sessions go). */
  anonymous: Set<string>;
  sessionIds: Set<string>;
}

/** Widens the named keys by the four rules above until nothing new comes in. */
async function closedSet(tx: Executor, orgId: string, names: readonly Name[]): Promise<ClosedSet> {
  const set: ClosedSet = { customers: new Set(), anonymous: new Set(), sessionIds: new Set() };
  let frontier = { customers: new Set<string>(), anonymous: new Set<string>(), sessionIds: new Set<string>() };
  const add = (kind: "c" | "a" | "s", key: string) => {
    const [known, next] =
      kind === "c" ? [set.customers, frontier.customers] : kind === "a" ? [set.anonymous, frontier.anonymous] : [set.sessionIds, frontier.sessionIds];
    if (!known.has(key)) {
      known.add(key);
      next.add(key);
    }
  };
  for (const n of names) add(n.kind, n.key);
  /** An actor as stored: a customer id, or an anonymous id behind the prefix. */
  const addActor = (actor: string) => (actor.startsWith(ANONYMOUS) ? add("a", actor.slice(1)) : add("c", actor));

  while (frontier.customers.size || frontier.anonymous.size || frontier.sessionIds.size) {
    const { customers, anonymous, sessionIds } = frontier;
    frontier = { customers: new Set(), anonymous: new Set(), sessionIds: new Set() };
    // An anonymous id's customer now; a customer's anonymous ids (their views are read as its own).
    const links = rowsOf<{ anonymous_id: string; customer_id: string }>(
      await tx.execute(sql`
        select il.anonymous_id, il.customer_id from identity_links il
        where il.org_id = ${orgId} and (il.anonymous_id = any(${textArray(anonymous)}) or il.customer_id = any(${textArray(customers)}))`),
    );
    for (const l of links) if (anonymous.has(l.anonymous_id)) add("c", l.customer_id);
    const readAnonymous = new Set([...anonymous, ...links.filter((l) => customers.has(l.customer_id)).map((l) => l.anonymous_id)]);
    const actors = [...customers, ...[...anonymous].map((a) => ANONYMOUS + a)];
    // The sessionIds of their views and of the sessions stored as theirs.
    const sids = rowsOf<{ sid: string }>(
      await tx.execute(sql`
        select distinct e.session_id as sid from ${actorsEvents(orgId, customers, readAnonymous)} e
        where ${isView} and e.session_id is not null
        union
        select substr(v.session_key, 2) from visit_sessions v
        where v.org_id = ${orgId} and v.actor = any(${textArray(actors)}) and v.session_key like 's%'`),
    );
    for (const s of sids) add("s", s.sid);
    // Every actor of those sessionIds (named, or found just now), in the events and as stored.
    const allSessionIds = [...sessionIds, ...frontier.sessionIds];
    frontier.sessionIds = new Set();
    if (allSessionIds.length === 0) continue;
    const owners = rowsOf<{ actor: string }>(
      await tx.execute(sql`
        select coalesce(e.customer_id, il.customer_id, chr(1) || e.anonymous_id) as actor
        from (select x.* from events x where x.org_id = ${orgId} and x.session_id is not null and x.session_id = any(${textArray(allSessionIds)}) offset 0) e
        left join identity_links il on e.customer_id is null and il.org_id = e.org_id and il.anonymous_id = e.anonymous_id
        where ${isView}
        union
        select v.actor from visit_sessions v where v.org_id = ${orgId} and v.session_key = any(${textArray(allSessionIds.map((s) => "s" + s))})`),
    );
    for (const o of owners) addActor(o.actor);
  }
  return set;
}

/** Rows (of events or orders) of these customers, and the unidentified rows of these anonymous ids. */
function ofActors(row: SQL, customers: Iterable<string>, anonymous: Iterable<string>): SQL {
  return sql`((${row}.customer_id is not null and ${row}.customer_id = any(${textArray(customers)}))
    or (${row}.customer_id is null and ${row}.anonymous_id is not null and ${row}.anonymous_id = any(${textArray(anonymous)})))`;
}

/**
 * The events of those actors, fetched through the customer and anonymous-id indexes before any type is
 * tested: with the type beside them, the planner may read every view of the organisation by type.
 */
function actorsEvents(orgId: string, customers: Iterable<string>, anonymous: Iterable<string>): SQL {
  return sql`(select x.* from events x where x.org_id = ${orgId} and ${ofActors(sql`x`, customers, anonymous)} offset 0)`;
}

async function rebuildPart(ctx: MetricContext, set: ClosedSet): Promise<void> {
  const { db: tx, settings } = ctx;
  const orgId = settings.orgId;
  const links = rowsOf<{ anonymous_id: string }>(
    await tx.execute(sql`select il.anonymous_id from identity_links il where il.org_id = ${orgId} and il.customer_id = any(${textArray(set.customers)})`),
  );
  const readAnonymous = new Set([...set.anonymous, ...links.map((l) => l.anonymous_id)]);
  const actors = [...set.customers, ...[...set.anonymous].map((a) => ANONYMOUS + a)];
  await tx.execute(sql`
    delete from visit_sessions v
    where v.org_id = ${orgId} and (v.actor = any(${textArray(actors)}) or v.session_key = any(${textArray([...set.sessionIds].map((s) => "s" + s))}))`);
  await insertSessions(ctx, { events: actorsEvents(orgId, set.customers, readAnonymous), orders: ofActors(sql`o`, set.customers, readAnonymous) });
}

async function rebuildAll(ctx: MetricContext): Promise<void> {
  const orgId = ctx.settings.orgId;
  // A whole rebuild follows a bulk load (over 20,000 names), which autovacuum has not caught up with
  // yet (and PGlite has no autovacuum): planned on stale statistics, the rebuild of 10 million events
  // ran for over 11 minutes instead of 84 s. Sampling the two tables it reads costs a second or two.
  await ctx.db.execute(sql`analyze events, identity_links, orders`);
  await ctx.db.execute(sql`delete from visit_sessions where org_id = ${orgId}`);
  await insertSessions(ctx, null);
  await ctx.db.execute(sql`update organizations set visit_sessions_stale = false where id = ${orgId} and visit_sessions_stale`);
  // Statistics now, not whenever autovacuum comes: without them the first reads plan for an empty table.
  await ctx.db.execute(sql`analyze visit_sessions`);
}

/** Computes and stores the sessions of these events and orders (`orders`: a condition on the orders row `o`); all of them without a scope. */
async function insertSessions(ctx: MetricContext, scope: { events: SQL; orders: SQL } | null): Promise<void> {
  const orgId = ctx.settings.orgId;
  await ctx.db.execute(sql`
    with scoped_views as materialized (
      select pv.id, pv.ts, pv.actor, pv.cid, pv.session_id
      from ${resolvedEvents(ctx, VIEW_TYPES, { source: scope?.events })} pv
    ),
    ${SESSIONS_OF_SCOPED_VIEWS},
    ${convertedSessions(liveOrders(ctx, undefined, scope?.orders))}
    insert into visit_sessions (org_id, session_key, actor, customer_id, started_at, views, converted)
    select ${orgId}::uuid, s.skey, s.actor, s.cid, s.started_at, s.views, cv.skey is not null
    from sessions s
    left join (select distinct skey from converted) cv on cv.skey = s.skey`);
}
