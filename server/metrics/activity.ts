import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { TZDate } from "@date-fns/tz";
import { startOfDay } from "date-fns";
import type { MetricContext } from "./context";
import type { Period } from "./period";
import { CUSTOMER_INITIATED, isSustainabilityInteraction, periodsRelation, resolvedEvents, SUSTAINABILITY_TYPES } from "./sql";

/**
 * "Which identified customers did an event of a class in each period": the question under the
 * customer base B(to), every "active" denominator and the sustainability engagement rate.
 *
 * Whole local days of a period come from customer_activity_days (kept by ingest); the ragged edges
 * of a period that does not start or end at a local midnight come from the raw events, so the answer
 * is the same for any period. `ctx.rollups === false`, or an organisation whose rollup is still being
 * built, reads raw events only: that is the reference the consistency test compares with.
 */
export type ActivityClass = "initiated" | "sustainability";

const RAW: Record<ActivityClass, { events: (ctx: MetricContext) => SQL; where: SQL }> = {
  initiated: { events: (ctx) => resolvedEvents(ctx, CUSTOMER_INITIATED, { custom: true }), where: sql`true` },
  sustainability: { events: (ctx) => resolvedEvents(ctx, [...SUSTAINABILITY_TYPES, "content.engaged"]), where: isSustainabilityInteraction },
};

export function usesRollups(ctx: MetricContext): boolean {
  return ctx.rollups !== false && !ctx.settings.activityDaysStale;
}

const isLocalMidnight = (instant: Date, timeZone: string) => startOfDay(new TZDate(instant.getTime(), timeZone)).getTime() === instant.getTime();

/** Every period starts and ends at a local midnight (dashboard periods and their buckets do). */
export function wholeLocalDays(periods: readonly Period[], timeZone: string): boolean {
  return periods.every((p) => isLocalMidnight(p.from, timeZone) && isLocalMidnight(p.to, timeZone));
}

/** (i, cid), distinct: identified customers with an event of the class in period i (no segment applied). */
export function customersActiveIn(ctx: MetricContext, periods: readonly Period[], cls: ActivityClass): SQL {
  const raw = RAW[cls];
  const pr = periodsRelation(periods);
  if (!usesRollups(ctx)) {
    return sql`(select distinct pr.i, ev.cid from ${pr} pr
                join ${raw.events(ctx)} ev on ev.ts >= pr.p_from and ev.ts < pr.p_to
                where ev.cid is not null and ${raw.where})`;
  }
  const tz = ctx.settings.timeZone;
  // Whole days [cf, ct): cf the first local day starting at or after p_from, ct the day holding p_to.
  // A materialized CTE, computed once per period: as a subquery (even behind "offset 0") PostgreSQL
  // folded these time-zone expressions into the join with the activity days and evaluated them once
  // per (period, row) pair, 750,000 times for a daily series of the demo shop (70 of its 200 ms).
  const days = sql`days as materialized (
    select x.i, x.p_from, x.p_to, x.cf, x.ct, (x.cf::timestamp at time zone ${tz}) as cf_ts, (x.ct::timestamp at time zone ${tz}) as ct_ts
    from (select pr.i, pr.p_from, pr.p_to,
                 (pr.p_from at time zone ${tz})::date
                   + case when (((pr.p_from at time zone ${tz})::date)::timestamp at time zone ${tz}) = pr.p_from then 0 else 1 end as cf,
                 (pr.p_to at time zone ${tz})::date as ct
          from ${pr} pr) x)`;
  const fromDays = sql`
    select d.i, a.customer_id as cid from days d
    join customer_activity_days a on a.org_id = ${ctx.settings.orgId} and a.day >= d.cf and a.day < d.ct and a.${sql.raw(cls)} > 0`;
  // The edges exist only for periods that do not start and end at local midnights (dashboard
  // periods do): without any, the raw events are not read at all.
  if (wholeLocalDays(periods, tz)) return sql`(with ${days} select distinct * from (${fromDays}) f)`;
  const edges = sql`(
    select d.i, d.p_from as e_from, case when d.cf < d.ct then d.cf_ts else d.p_to end as e_to from days d
    union all
    select d.i, case when d.cf < d.ct then d.ct_ts else d.p_to end as e_from, d.p_to as e_to from days d)`;
  return sql`(with ${days} ${fromDays}
    union
    select ed.i, ev.cid from ${edges} ed
    join ${raw.events(ctx)} ev on ev.ts >= ed.e_from and ev.ts < ed.e_to
    where ed.e_from < ed.e_to and ev.cid is not null and ${raw.where})`;
}
