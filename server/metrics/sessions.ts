import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { noteRollupCaughtUp, type MetricContext } from "./context";
import { spanOf, type Period } from "./period";
import { refreshVisitSessions } from "@/server/ingest/visit-sessions";
import { inSegment } from "./segment";
import { convertedSessions, SESSIONS_OF_SCOPED_VIEWS, VIEW_TYPES } from "./session-rules";
import { HASHED, liveOrders, num, percent, periodsRelation, pointsByPeriod, queryRows, ratio, resolvedEvents, within, type PeriodRow } from "./sql";
import type { MetricPoint } from "./types";

/**
 * Sessions (metrics.md "Sessions"; the rules are in ./session-rules.ts): per period, the sessions that
 * started in it, their views, one-view sessions and converted sessions, counted per owner customer so
 * a segment applies.
 *
 * Read from visit_sessions, which the first read after a write brings up to date; from raw events when
 * the rollup is off (`ctx.rollups === false`, the consistency test's reference) or not built yet.
 */
function sessionCounts(ctx: MetricContext, periods: readonly Period[]): Promise<PeriodRow[]> {
  return usesSessionRollup(ctx) ? countsFromRollup(ctx, periods) : queryRows<PeriodRow>(ctx, countsFromEvents(ctx, periods));
}

function usesSessionRollup(ctx: MetricContext): boolean {
  return ctx.rollups !== false && !ctx.settings.visitSessionsStale;
}

async function countsFromRollup(ctx: MetricContext, periods: readonly Period[]): Promise<PeriodRow[]> {
  noteRollupCaughtUp(ctx, await refreshVisitSessions(ctx.db, ctx.settings.orgId));
  return queryRows<PeriodRow>(
    ctx,
    sql`
    -- Only columns of the covering index (count(s.started_at), not the key): an index-only scan.
    select pr.i, count(s.started_at) as sessions, coalesce(sum(s.views), 0) as views,
           count(*) filter (where s.views = 1) as bounced, count(*) filter (where s.converted) as converted
    from ${periodsRelation(periods)} pr
    left join visit_sessions s on s.org_id = ${ctx.settings.orgId} and s.started_at >= pr.p_from and s.started_at < pr.p_to
      -- The span as literals too: an index range whatever the planner thinks of the periods relation.
      and ${within(sql`s.started_at`, spanOf(periods))} ${inSegment(ctx, sql`s.customer_id`)}
    group by pr.i`,
    HASHED,
  );
}

/**
 * From raw events, only the views that can matter for sessions starting in the periods' span are read:
 * every view of the actors with a view in that span (A), and every view of the sessionIds that any
 * actor of A used (an A actor's session may hold other actors' views, which decide who owns it and
 * which view is the latest before an order). A session starting in the span is owned by an A actor,
 * and every session an A actor owns is then complete; the partial sessions of other actors start
 * outside the span and convert nothing in it (an order converts only a session of its own actor). On
 * the demo shop this halves the views a daily series sorts.
 */
function countsFromEvents(ctx: MetricContext, periods: readonly Period[]): SQL {
  const span = spanOf(periods);
  return sql`
    with all_views as materialized (
      select pv.id, pv.ts, pv.actor, pv.cid, pv.session_id
      from ${resolvedEvents(ctx, VIEW_TYPES)} pv
    ),
    range_actors as (
      select distinct av.actor from all_views av where ${within(sql`av.ts`, span)}
    ),
    range_sessions as (
      select distinct av.session_id from all_views av join range_actors ra on ra.actor = av.actor where av.session_id is not null
    ),
    scoped_views as (
      select pv.* from all_views pv
      -- Joins, not "in (…) or in (…)": subplans the database stops hashing past work_mem.
      left join range_actors ra on ra.actor = pv.actor
      left join range_sessions rs on rs.session_id = pv.session_id
      where ra.actor is not null or rs.session_id is not null
    ),
    ${SESSIONS_OF_SCOPED_VIEWS},
    ${convertedSessions(liveOrders(ctx))}
    select pr.i, count(s.skey) as sessions, coalesce(sum(s.views), 0) as views,
           count(s.skey) filter (where s.views = 1) as bounced,
           count(cv.skey) as converted
    from ${periodsRelation(periods)} pr
    left join sessions s on s.started_at >= pr.p_from and s.started_at < pr.p_to ${inSegment(ctx, sql`s.cid`)}
    left join (select distinct skey from converted) cv on cv.skey = s.skey
    group by pr.i`;
}

function sessionBreakdown(row: Record<string, unknown> | undefined) {
  return { sessions: num(row?.sessions), views: num(row?.views), bounced: num(row?.bounced), converted: num(row?.converted) };
}

async function perPeriodCounts(ctx: MetricContext, periods: readonly Period[], toPoint: (row: PeriodRow | undefined) => MetricPoint) {
  return pointsByPeriod(periods, await sessionCounts(ctx, periods), toPoint);
}

export function conversionRate(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriodCounts(ctx, periods, (row) => ({
    value: percent(num(row?.converted), num(row?.sessions)),
    breakdown: sessionBreakdown(row),
  }));
}

export function bounceRate(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriodCounts(ctx, periods, (row) => ({
    value: percent(num(row?.bounced), num(row?.sessions)),
    breakdown: sessionBreakdown(row),
  }));
}

export function pagesPerSession(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriodCounts(ctx, periods, (row) => ({
    value: ratio(num(row?.views), num(row?.sessions)),
    breakdown: sessionBreakdown(row),
  }));
}
