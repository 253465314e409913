import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { TZDate } from "@date-fns/tz";
import { startOfDay } from "date-fns";
import { refreshActivitySpans } from "@/server/ingest/activity-spans";
import { noteRollupCaughtUp, type MetricContext } from "./context";
import type { Period } from "./period";
import { CUSTOMER_INITIATED, firstOrders, isSustainabilityInteraction, LIFECYCLE, periodsRelation, REPAIR_TYPES, resolvedEvents, SUSTAINABILITY_TYPES } from "./sql";

/**
 * "Which identified customers did an event of a class in each period": the question under the
 * customer base B(to), every "active" denominator and the sustainability engagement rate.
 *
 * Whole local days of a period come from customer_activity_days (kept by ingest); the ragged edges
 * of a period that does not start or end at a local midnight come from the raw events, so the answer
 * is the same for any period. `ctx.rollups === false`, or an organisation whose rollup is still being
 * built, reads raw events only: that is the reference the consistency test compares with.
 */
export type ActivityClass = "initiated" | "sustainability" | "lifecycle" | "repair" | "referral" | "content";

/** Each class as raw events (`where` on the resolved event `ev`); the name is its activity-day column. */
const RAW: Record<ActivityClass, { events: (ctx: MetricContext) => SQL; where: SQL }> = {
  initiated: { events: (ctx) => resolvedEvents(ctx, CUSTOMER_INITIATED, { custom: true }), where: sql`true` },
  sustainability: { events: (ctx) => resolvedEvents(ctx, [...SUSTAINABILITY_TYPES, "content.engaged"]), where: isSustainabilityInteraction },
  lifecycle: { events: (ctx) => resolvedEvents(ctx, LIFECYCLE), where: sql`true` },
  repair: { events: (ctx) => resolvedEvents(ctx, REPAIR_TYPES), where: sql`true` },
  referral: { events: (ctx) => resolvedEvents(ctx, ["referral.converted"]), where: sql`true` },
  content: { events: (ctx) => resolvedEvents(ctx, ["content.engaged"]), where: sql`true` },
};

/**
 * Columns carried with each (period, customer): each read from an activity day `a` or from a raw
 * event `ev` of the class, and combined over the period by `combine` (the content types engaged with
 * as OR-ed bits; the lifecycle events as a sum of the days' counts and one per raw event).
 */
export type ActivityColumns = Readonly<Record<string, { day: SQL; event: SQL; combine: "bit_or" | "sum" }>>;

export function usesRollups(ctx: MetricContext): boolean {
  return ctx.rollups !== false && !ctx.settings.activityDaysStale;
}

const isLocalMidnight = (instant: Date, timeZone: string) => startOfDay(new TZDate(instant.getTime(), timeZone)).getTime() === instant.getTime();

/** Every period starts and ends at a local midnight (dashboard periods and their buckets do). */
export function wholeLocalDays(periods: readonly Period[], timeZone: string): boolean {
  return periods.every((p) => isLocalMidnight(p.from, timeZone) && isLocalMidnight(p.to, timeZone));
}

/**
 * The CTE `days`: per period i, its whole local days [cf, ct) (cf the first local day starting at or after
 * p_from, ct the day holding p_to; a period without a whole day has cf >= ct) with p_from, p_to and the
 * instants cf_ts, ct_ts at which those days start and end.
 *
 * Materialized, computed once per period: as a subquery (even behind "offset 0") PostgreSQL folded these
 * time-zone expressions into the join with the activity days and evaluated them once per (period, row)
 * pair, 750,000 times for a daily series of the demo shop (70 of its 200 ms).
 */
export function localDaysOf(ctx: MetricContext, periods: readonly Period[]): SQL {
  const tz = ctx.settings.timeZone;
  return sql`days as materialized (
    select x.i, x.p_from, x.p_to, x.cf, x.ct, (x.cf::timestamp at time zone ${tz}) as cf_ts, (x.ct::timestamp at time zone ${tz}) as ct_ts
    from (select pr.i, pr.p_from, pr.p_to,
                 (pr.p_from at time zone ${tz})::date
                   + case when (((pr.p_from at time zone ${tz})::date)::timestamp at time zone ${tz}) = pr.p_from then 0 else 1 end as cf,
                 (pr.p_to at time zone ${tz})::date as ct
          from ${periodsRelation(periods)} pr) x)`;
}

/** A period's whole local days as a daterange, for `&&` with a span (empty when it has none, where daterange(cf, ct) would fail). */
export const wholeDaysRange = (d: SQL): SQL => sql`(case when ${d}.cf < ${d}.ct then daterange(${d}.cf, ${d}.ct) else 'empty'::daterange end)`;

/** The ragged edges of each period of `days` (localDaysOf): (i, e_from, e_to), the parts before its first and after its last whole day (either may be empty). */
const EDGES = sql`(
    select d.i, d.p_from as e_from, case when d.cf < d.ct then d.cf_ts else d.p_to end as e_to from days d
    union all
    select d.i, case when d.cf < d.ct then d.ct_ts else d.p_to end as e_from, d.p_to as e_to from days d)`;

/**
 * (i, cid), distinct: customers with an event of the class in the ragged edges of period i, read from the
 * events (the days and spans hold whole local days only); inside a statement `with` localDaysOf's `days`.
 * Null when every period starts and ends at a local midnight: there are no edges.
 */
export function edgeActivity(ctx: MetricContext, periods: readonly Period[], cls: ActivityClass): SQL | null {
  if (wholeLocalDays(periods, ctx.settings.timeZone)) return null;
  return sql`(select distinct * from (${edgeEventPairs(ctx, cls)}) f)`;
}

/**
 * (i, cid, ...carried) per event of the class in [fromCol, toCol) of each row of `periodRows` (pr) that
 * passes `where`, from the raw events; `carried` are more columns read from the event `ev`.
 */
function eventPairs(ctx: MetricContext, cls: ActivityClass, periodRows: SQL, fromCol: SQL, toCol: SQL, where: SQL, carried: SQL = sql``): SQL {
  const raw = RAW[cls];
  return sql`
    select pr.i, ev.cid ${carried} from ${periodRows} pr
    join ${raw.events(ctx)} ev on ev.ts >= ${fromCol} and ev.ts < ${toCol}
    where ${where} and ev.cid is not null and ${raw.where}`;
}

const edgeEventPairs = (ctx: MetricContext, cls: ActivityClass, carried?: SQL): SQL =>
  eventPairs(ctx, cls, EDGES, sql`pr.e_from`, sql`pr.e_to`, sql`pr.e_from < pr.e_to`, carried);

/** The classes customer_activity_spans holds, each a datemultirange column of that name. */
const SPAN_CLASSES: readonly ActivityClass[] = ["initiated", "sustainability"];

/**
 * Whether a read over these periods takes its whole days from customer_activity_spans (one row per
 * customer) rather than customer_activity_days (one per customer and active day). Spans pay off when the
 * periods are long: a 90-day period reads a customer's row once where it read each of their active days,
 * while a daily series would test every customer against every day. So: when the periods average a week
 * or more.
 *
 * Brings the spans up to date either way (one index probe when nothing is queued): a shop whose readers
 * only ever ask for daily series would otherwise queue a name per customer and new active day for good.
 * Only a read that uses them depends on whether they caught up.
 */
export async function activitySpansReady(ctx: MetricContext, periods: readonly Period[]): Promise<boolean> {
  if (!usesRollups(ctx) || periods.length === 0) return false;
  const caughtUp = await refreshActivitySpans(ctx.db, ctx.settings.orgId);
  const meanDays = periods.reduce((sum, p) => sum + (p.to.getTime() - p.from.getTime()), 0) / periods.length / 86_400_000;
  if (meanDays < 7) return false;
  noteRollupCaughtUp(ctx, caughtUp);
  return true;
}

/**
 * (cid, first_at): each purchaser's first live order, as firstOrders' first_at (its earliest placement). When
 * the rollups are read, the first of customer_activity_spans.ordered (brought up to date first): one row per
 * customer, where firstOrders sorts every live order of the history. For readers that need no first order id,
 * and read no orders beside it: the spans are as of their last refresh, a statement's orders as of the statement,
 * and an order committed between the two would count for no purchaser (historical CLV and sustainable LTV lift
 * therefore keep firstOrders).
 */
export async function firstOrderTimes(ctx: MetricContext): Promise<SQL> {
  if (!usesRollups(ctx)) return sql`(select f.cid, f.first_at from ${firstOrders(ctx)} f)`;
  noteRollupCaughtUp(ctx, await refreshActivitySpans(ctx.db, ctx.settings.orgId));
  return sql`(select s.customer_id as cid, lower(s.ordered) as first_at from customer_activity_spans s
              where s.org_id = ${ctx.settings.orgId} and not isempty(s.ordered))`;
}

/**
 * (i, cid), distinct: identified customers with an event of the class in period i (no segment applied);
 * with `columns`, one row per (i, cid) carrying each column combined over the period. `fromSpans`
 * (only after activitySpansReady said yes; initiated or sustainability, without columns) reads whole days
 * from customer_activity_spans.
 */
export function customersActiveIn(
  ctx: MetricContext,
  periods: readonly Period[],
  cls: ActivityClass,
  columns: ActivityColumns = {},
  options: { fromSpans?: boolean } = {},
): SQL {
  const pr = periodsRelation(periods);
  const entries = Object.entries(columns);
  const carried = (pick: (c: ActivityColumns[string]) => SQL) => sql.join(entries.map(([n, c]) => sql`, ${pick(c)} as ${sql.identifier(n)}`));
  // Without columns the pairs are made distinct; with them, grouped with each column combined.
  const distinctPairs = (pairs: SQL) =>
    entries.length === 0
      ? sql`select distinct * from (${pairs}) f`
      : sql`select f.i, f.cid ${sql.join(entries.map(([n, c]) => sql`, ${sql.raw(c.combine)}(f.${sql.identifier(n)}) as ${sql.identifier(n)}`))} from (${pairs}) f group by f.i, f.cid`;
  if (!usesRollups(ctx)) return sql`(${distinctPairs(eventPairs(ctx, cls, pr, sql`pr.p_from`, sql`pr.p_to`, sql`true`, carried((m) => m.event)))})`;
  const tz = ctx.settings.timeZone;
  const days = localDaysOf(ctx, periods);
  const fromDays = sql`
    select d.i, a.customer_id as cid ${carried((m) => m.day)} from days d
    join customer_activity_days a on a.org_id = ${ctx.settings.orgId} and a.day >= d.cf and a.day < d.ct and a.${sql.raw(cls)} > 0`;
  if (options.fromSpans && (entries.length > 0 || !SPAN_CLASSES.includes(cls))) throw new Error(`customer_activity_spans hold no ${cls} days with columns`);
  // One row per (period, customer) already: no de-duplication needed. A period without a whole day has
  // cf >= ct, where daterange(cf, ct) would be an error (cf > ct) or empty: it matches nobody.
  const fromSpans = sql`
    select d.i, s.customer_id as cid from days d
    join customer_activity_spans s on s.org_id = ${ctx.settings.orgId}
      and s.${sql.raw(cls)} && ${wholeDaysRange(sql`d`)}`;
  const wholeDays = options.fromSpans ? fromSpans : distinctPairs(fromDays);
  // The edges exist only for periods that do not start and end at local midnights (dashboard
  // periods do): without any, the raw events are not read at all.
  if (wholeLocalDays(periods, tz)) return sql`(with ${days} ${wholeDays})`;
  const edgeEvents = edgeEventPairs(ctx, cls, carried((m) => m.event));
  if (entries.length === 0) return sql`(with ${days} ${options.fromSpans ? fromSpans : fromDays} union ${edgeEvents})`;
  return sql`(with ${days} ${distinctPairs(sql`${fromDays} union all ${edgeEvents}`)})`;
}
