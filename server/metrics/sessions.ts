import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { MetricContext } from "./context";
import { spanOf, type Period } from "./period";
import { inSegment } from "./segment";
import { liveOrders, num, percent, periodsRelation, perPeriod, ratio, resolvedEvents, within } from "./sql";

/**
 * Sessions (metrics.md "Sessions"): views are page.viewed and product.viewed; a session is one
 * sessionId, or, for views without one, an actor's views with no gap over 30 minutes (a gap of
 * exactly 30 minutes continues the session). A session belongs to the actor of its first view and to
 * the period of its first view.
 *
 * Two relations: `session_views` (each view with its session key) and `sessions` (key, owner actor
 * and customer, start, views), as CTE text to put in a `with`.
 *
 * Only the views that can matter for sessions starting in [from, to) are read: every view of the
 * actors with a view in that range (A), and every view of the sessionIds that any actor of A used
 * (an A actor's session may hold other actors' views, which decide who owns it and which view is
 * the latest before an order). A session starting in the range is owned by an A actor, and every
 * session an A actor owns is then complete; the partial sessions of other actors start outside the
 * range and convert nothing in it (an order converts only a session of its own actor). On the demo
 * shop this halves the views a daily series sorts.
 */
function sessionCtes(ctx: MetricContext, span: Period): SQL {
  return sql`
    all_views as materialized (
      select pv.id, pv.ts, pv.actor, pv.cid, pv.session_id
      from ${resolvedEvents(ctx, ["page.viewed", "product.viewed"])} pv
    ),
    range_actors as (
      select distinct av.actor from all_views av where ${within(sql`av.ts`, span)}
    ),
    range_sessions as (
      select distinct av.session_id from all_views av join range_actors ra on ra.actor = av.actor where av.session_id is not null
    ),
    session_views as (
      select v.id, v.ts, v.actor, v.cid,
             case when v.session_id is not null then 's' || v.session_id
                  else 'a' || v.actor || '#' || sum(case when v.prev_ts is null or v.ts - v.prev_ts > interval '30 minutes' then 1 else 0 end)
                    over (partition by v.actor, v.session_id is null order by v.ts, v.id) end as skey
      from (
        select pv.*, lag(pv.ts) over (partition by pv.actor, pv.session_id is null order by pv.ts, pv.id) as prev_ts
        from all_views pv
        -- Joins, not "in (…) or in (…)": subplans the database stops hashing past work_mem.
        left join range_actors ra on ra.actor = pv.actor
        left join range_sessions rs on rs.session_id = pv.session_id
        where ra.actor is not null or rs.session_id is not null
      ) v
    ),
    sessions as (
      select sv.skey, (array_agg(sv.actor order by sv.ts, sv.id))[1] as actor, (array_agg(sv.cid order by sv.ts, sv.id))[1] as cid,
             min(sv.ts) as started_at, count(*) as views
      from session_views sv group by sv.skey
    )`;
}

/** Per period: sessions started in it, their views, one-view sessions, and converted sessions. */
function sessionCounts(ctx: MetricContext, periods: readonly Period[]): SQL {
  return sql`
    with ${sessionCtes(ctx, spanOf(periods))},
    converted as (
      -- An order converts one session: its actor's session with the latest view at or before the
      -- order (ties by arrival), if that view is at most 30 minutes before it. Looking only at the
      -- views of those 30 minutes is the same rule (the latest view, when it is within them, is the
      -- latest of them) and lets the join run on the actor instead of per order.
      select distinct on (o.order_id) o.order_id, sv.skey
      from ${liveOrders(ctx)} o
      join sessions s on s.actor = o.actor
      join session_views sv on sv.skey = s.skey and sv.ts <= o.placed_at and sv.ts >= o.placed_at - interval '30 minutes'
      order by o.order_id, sv.ts desc, sv.id desc
    )
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

export function conversionRate(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, sessionCounts(ctx, periods), (row) => ({
    value: percent(num(row?.converted), num(row?.sessions)),
    breakdown: sessionBreakdown(row),
  }));
}

export function bounceRate(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, sessionCounts(ctx, periods), (row) => ({
    value: percent(num(row?.bounced), num(row?.sessions)),
    breakdown: sessionBreakdown(row),
  }));
}

export function pagesPerSession(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, sessionCounts(ctx, periods), (row) => ({
    value: ratio(num(row?.views), num(row?.sessions)),
    breakdown: sessionBreakdown(row),
  }));
}
