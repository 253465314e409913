import "server-only";
import { sql } from "drizzle-orm";
import { usesRollups, wholeLocalDays } from "./activity";
import { activeCustomerCounts } from "./base";
import type { MetricContext } from "./context";
import type { Period } from "./period";
import { keyedEvents } from "./keyed-events";
import { inSegment } from "./segment";
import { CUSTOMER_INITIATED, num, numOrNull, percent, periodsRelation, perPeriod, queryRows, ratio, resolvedEvents } from "./sql";
import { windowSql } from "./windows";

/** Section 7 of metrics.md: industry frameworks (SaaS, media, healthcare). */

/**
 * Customers whose first trial.started in the period is followed by a subscription.started with
 * mrr > 0 within 30 days (30 x 24 h, from the trial start, start included) / customers with a
 * trial.started in the period; a trial whose 30 days are not over by now is pending.
 */
export function trialToPaidRate(ctx: MetricContext, periods: readonly Period[]) {
  const now = ctx.now.toISOString();
  return perPeriod(
    ctx,
    periods,
    sql`with trials as (
          select pr.i, t.cid, min(t.ts) as ts
          from ${periodsRelation(periods)} pr
          join ${resolvedEvents(ctx, ["trial.started"])} t on t.cid is not null and t.ts >= pr.p_from and t.ts < pr.p_to ${inSegment(ctx, sql`t.cid`)}
          group by pr.i, t.cid
        )
        , tagged as (
          -- Joined with the paid starts once, not looked up per trial.
          select t.i, t.cid, t.ts, count(s.ts) > 0 as paid
          from trials t
          left join ${keyedEvents(ctx, ["subscription.started"])} s
            on s.cid = t.cid and s.mrr::numeric > 0 and s.ts >= t.ts and s.ts < t.ts + ${windowSql("trialConversion")}
          group by t.i, t.cid, t.ts
        )
        select t.i, count(*) filter (where t.ts + ${windowSql("trialConversion")} <= ${now}::timestamptz) as trials,
               count(*) filter (where t.ts + ${windowSql("trialConversion")} > ${now}::timestamptz) as pending,
               count(*) filter (where t.ts + ${windowSql("trialConversion")} <= ${now}::timestamptz and t.paid) as paid
        from tagged t group by t.i`,
    (row) => ({ value: percent(num(row?.paid), num(row?.trials)), breakdown: { trials: num(row?.trials), paid: num(row?.paid), pending: num(row?.pending) } }),
  );
}

/**
 * Mean over the days of the period of distinct customers active in the `days` local days ending with
 * that day (dau 1, wau 7, mau 30). The days of a period are the local days it touches; activity after
 * `to` is never counted (a window is cut at `to`), while the 7- and 30-day windows look back before
 * `from`, as the definition says.
 */
export function activeUsers(days: 1 | 7 | 30) {
  return (ctx: MetricContext, periods: readonly Period[]) => {
    const tz = ctx.settings.timeZone;
    // With periods of whole days every active day before `to` counts, so the rollup's days serve
    // (their start stands in for the first event: both are before `to`).
    const activeDays =
      usesRollups(ctx) && wholeLocalDays(periods, tz)
        ? sql`select a.customer_id as cid, a.day, (a.day::timestamp at time zone ${tz}) as first_ts
              from customer_activity_days a where a.org_id = ${ctx.settings.orgId} and a.initiated > 0 ${inSegment(ctx, sql`a.customer_id`)}`
        : sql`select a.cid, (a.ts at time zone ${tz})::date as day, min(a.ts) as first_ts
              from ${resolvedEvents(ctx, CUSTOMER_INITIATED, { custom: true })} a
              where a.cid is not null ${inSegment(ctx, sql`a.cid`)}
              group by 1, 2`;
    return perPeriod(
      ctx,
      periods,
      sql`with active_days as (${activeDays}), period_days as (
            select pr.i, pr.p_to, d::date as day
            from ${periodsRelation(periods)} pr,
                 generate_series((pr.p_from at time zone ${tz})::date, ((pr.p_to - interval '1 microsecond') at time zone ${tz})::date, interval '1 day') d
          )
          select pd.i, avg((select count(distinct ad.cid) from active_days ad
                            where ad.day > pd.day - ${days}::int and ad.day <= pd.day and ad.first_ts < pd.p_to)) as mean,
                 count(*) as days
          from period_days pd group by pd.i`,
      (row) => ({ value: numOrNull(row?.mean), breakdown: { days: num(row?.days) } }),
    );
  };
}

/** Customers with any feature.used in the period / customers active in it; the same per feature. */
export async function featureAdoptionRate(ctx: MetricContext, periods: readonly Period[]) {
  const rows = await queryRows<{ i: number; total: boolean; feature: string | null; users: string; active: string }>(
    ctx,
    sql`select pr.i, grouping(f.feature) = 1 as total, f.feature, count(distinct f.cid) as users, coalesce(ac.active, 0) as active
        from ${periodsRelation(periods)} pr
        left join ${activeCustomerCounts(ctx, periods)} ac on ac.i = pr.i
        left join (select u.cid, u.ts, u.p->>'feature' as feature from ${resolvedEvents(ctx, ["feature.used"])} u where u.cid is not null) f
          on f.ts >= pr.p_from and f.ts < pr.p_to ${inSegment(ctx, sql`f.cid`)}
        group by grouping sets ((pr.i, pr.p_from, pr.p_to, ac.active), (pr.i, pr.p_from, pr.p_to, ac.active, f.feature))`,
  );
  return periods.map((_, i) => {
    const mine = rows.filter((r) => Number(r.i) === i);
    const total = mine.find((r) => r.total);
    const active = num(total?.active);
    const byFeature = Object.fromEntries(
      mine
        .filter((r) => !r.total && r.feature !== null)
        .sort((a, b) => num(b.users) - num(a.users) || a.feature!.localeCompare(b.feature!))
        .map((r) => [r.feature!, { customers: num(r.users), rate: percent(num(r.users), active) }]),
    );
    return { value: percent(num(total?.users), active), breakdown: { users: num(total?.users), activeCustomers: active, byFeature } };
  });
}

/**
 * Sum of durationSeconds / 60 over content.engaged with contentType = video in the period / distinct
 * viewers (actors: customers, or anonymous ids without one; a video event without a duration still
 * makes its actor a viewer).
 */
export function avgWatchMinutes(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i, coalesce(sum((v.p->>'durationSeconds')::numeric), 0) / 60 as minutes, count(distinct v.actor) as viewers
        from ${periodsRelation(periods)} pr
        left join ${resolvedEvents(ctx, ["content.engaged"])} v
          on v.p->>'contentType' = 'video' and v.ts >= pr.p_from and v.ts < pr.p_to ${inSegment(ctx, sql`v.cid`)}
        group by pr.i`,
    (row) => ({ value: ratio(num(row?.minutes), num(row?.viewers)), breakdown: { minutes: num(row?.minutes), viewers: num(row?.viewers) } }),
  );
}

/** Events of one type in the period, anonymous ones included (a segment keeps its customers only). */
export function eventCount(type: string) {
  return (ctx: MetricContext, periods: readonly Period[]) =>
    perPeriod(
      ctx,
      periods,
      sql`select pr.i, count(e.id) as n from ${periodsRelation(periods)} pr
          left join ${resolvedEvents(ctx, [type])} e on e.ts >= pr.p_from and e.ts < pr.p_to ${inSegment(ctx, sql`e.cid`)}
          group by pr.i`,
      (row) => ({ value: num(row?.n) }),
    );
}

/**
 * Distinct appointmentIds with appointment.attended in the period / those with appointment.attended
 * or appointment.missed in it (an id both attended and missed counts once on each side).
 */
export function appointmentAdherence(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i, count(distinct a.p->>'appointmentId') filter (where a.type = 'appointment.attended') as attended,
               count(distinct a.p->>'appointmentId') as appointments
        from ${periodsRelation(periods)} pr
        left join ${resolvedEvents(ctx, ["appointment.attended", "appointment.missed"])} a
          on a.ts >= pr.p_from and a.ts < pr.p_to ${inSegment(ctx, sql`a.cid`)}
        group by pr.i`,
    (row) => ({
      value: percent(num(row?.attended), num(row?.appointments)),
      breakdown: { attended: num(row?.attended), appointments: num(row?.appointments) },
    }),
  );
}

/**
 * doseIds scheduled in the period (by their first medication.dose_scheduled) with a
 * medication.dose_taken within 24 h from the scheduled time (scheduled time included) / doseIds
 * scheduled in it; a dose whose 24 h are not over by now is pending.
 */
export function medicationAdherence(ctx: MetricContext, periods: readonly Period[]) {
  const now = ctx.now.toISOString();
  return perPeriod(
    ctx,
    periods,
    sql`with doses as (
          select distinct on (d.p->>'doseId') d.p->>'doseId' as dose_id, d.ts, d.cid
          from ${resolvedEvents(ctx, ["medication.dose_scheduled"])} d order by d.p->>'doseId', d.ts, d.id
        )
        , tagged as (
          -- Joined with the doses taken once, not looked up per scheduled dose.
          select d.dose_id, d.ts, d.cid, count(t.ts) > 0 as taken
          from doses d
          left join (select t.p->>'doseId' as dose_id, t.ts from ${resolvedEvents(ctx, ["medication.dose_taken"])} t) t
            on t.dose_id = d.dose_id and t.ts >= d.ts and t.ts < d.ts + ${windowSql("doseTaken")}
          group by d.dose_id, d.ts, d.cid
        )
        select pr.i, count(d.dose_id) filter (where d.ts + ${windowSql("doseTaken")} <= ${now}::timestamptz) as scheduled,
               count(d.dose_id) filter (where d.ts + ${windowSql("doseTaken")} > ${now}::timestamptz) as pending,
               count(d.dose_id) filter (where d.ts + ${windowSql("doseTaken")} <= ${now}::timestamptz and d.taken) as taken
        from ${periodsRelation(periods)} pr
        left join tagged d on d.ts >= pr.p_from and d.ts < pr.p_to ${inSegment(ctx, sql`d.cid`)}
        group by pr.i`,
    (row) => ({
      value: percent(num(row?.taken), num(row?.scheduled)),
      breakdown: { scheduled: num(row?.scheduled), taken: num(row?.taken), pending: num(row?.pending) },
    }),
  );
}

/** Customers with portal.login in the period / customers active in it. */
export function patientPortalUsage(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(
    ctx,
    periods,
    sql`select pr.i,
          (select count(distinct l.cid) from ${resolvedEvents(ctx, ["portal.login"])} l
           where l.cid is not null and l.ts >= pr.p_from and l.ts < pr.p_to ${inSegment(ctx, sql`l.cid`)}) as users,
          coalesce(ac.active, 0) as active
        from ${periodsRelation(periods)} pr left join ${activeCustomerCounts(ctx, periods)} ac on ac.i = pr.i`,
    (row) => ({ value: percent(num(row?.users), num(row?.active)), breakdown: { users: num(row?.users), activeCustomers: num(row?.active) } }),
  );
}
