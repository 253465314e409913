import "server-only";
import { sql, type SQL } from "drizzle-orm";

/**
 * metrics.md "Sessions", as SQL shared by the raw read (server/metrics/sessions.ts) and the rollup that
 * keeps them (server/ingest/visit-sessions.ts), so that both cut sessions and credit conversions by the
 * same rules.
 *
 * Views are page.viewed and product.viewed. A session is one sessionId, or, for views without one, an
 * actor's views with no gap over 30 minutes (a gap of exactly 30 minutes continues the session). A
 * session belongs to the actor of its first view and to the period of its first view; ties by arrival.
 */
export const VIEW_TYPES = ["page.viewed", "product.viewed"] as const;

/**
 * CTE text `session_views` (each view with its session key `skey`) and `sessions` (skey, owner actor
 * and its customer, start, views), over a CTE named `scoped_views` (id, ts, actor, cid, session_id)
 * that the caller defines before it. `scoped_views` must hold every view of every actor it holds a
 * view of, and every view of every sessionId it holds a view of: then every session it touches is
 * whole.
 */
export const SESSIONS_OF_SCOPED_VIEWS = sql`
    session_views as (
      select v.id, v.ts, v.actor, v.cid,
             case when v.session_id is not null then 's' || v.session_id
                  else 'a' || v.actor || '#' || sum(case when v.prev_ts is null or v.ts - v.prev_ts > interval '30 minutes' then 1 else 0 end)
                    over (partition by v.actor, v.session_id is null order by v.ts, v.id) end as skey
      from (
        select sv.*, lag(sv.ts) over (partition by sv.actor, sv.session_id is null order by sv.ts, sv.id) as prev_ts
        from scoped_views sv
      ) v
    ),
    sessions as (
      select sv.skey, (array_agg(sv.actor order by sv.ts, sv.id))[1] as actor, (array_agg(sv.cid order by sv.ts, sv.id))[1] as cid,
             min(sv.ts) as started_at, count(*) as views
      from session_views sv group by sv.skey
    )`;

/**
 * CTE text `converted` (order_id, skey), after SESSIONS_OF_SCOPED_VIEWS, for `orders` (order_id,
 * placed_at, actor): the live orders of the actors whose sessions are in scope.
 *
 * An order converts one session: its actor's session with the latest view at or before the order
 * (ties by arrival), if that view is at most 30 minutes before it. Looking only at the views of those
 * 30 minutes is the same rule (the latest view, when it is within them, is the latest of them) and
 * lets the join run on the actor instead of per order.
 */
export function convertedSessions(orders: SQL): SQL {
  return sql`
    converted as (
      select distinct on (o.order_id) o.order_id, sv.skey
      from ${orders} o
      join sessions s on s.actor = o.actor
      join session_views sv on sv.skey = s.skey and sv.ts <= o.placed_at and sv.ts >= o.placed_at - interval '30 minutes'
      order by o.order_id, sv.ts desc, sv.id desc
    )`;
}
