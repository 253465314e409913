import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { MetricContext } from "./context";
import { inSegment } from "./segment";
import { resolvedEvents } from "./sql";

/**
 * The checkout relation every section-2 metric reads (metrics.md "Checkouts"), one row per checkoutId
 * that has a checkout.started:
 * - `started_at`, `cid`, `actor`: its first checkout.started (by timestamp, then arrival);
 * - `completed_at`: its earliest completion (firstCompletions);
 * - `completed`: completed before start + the abandonment window (a completion stamped before the
 *   start, clock skew between sources, counts as within it);
 * - `ends_at`: the completion when completed in the window, else start + window;
 * - `pending`: start + window is after now (metrics.md "Outcome windows"), whatever happened so far;
 * - `last_step`: 1-based position in the organisation's step order of the furthest step viewed with
 *   this checkoutId (any time; steps outside the order are ignored), null when none;
 * - `variant`: of the first checkout.started naming one, else of the first checkout.step_viewed that does.
 * Every part is an aggregate joined by checkoutId (hash joins), never a lookup per checkout.
 */
export function checkoutsRelation(ctx: MetricContext): SQL {
  const { orgId, abandonmentWindowHours, checkoutSteps } = ctx.settings;
  const window = sql`(${abandonmentWindowHours} * interval '1 hour')`;
  const position = JSON.stringify(Object.fromEntries(checkoutSteps.map((step, i) => [step, i + 1])));
  const now = ctx.now.toISOString();
  return sql`(
    select c.*,
           c.completed_at is not null and c.completed_at < c.started_at + ${window} as completed,
           case when c.completed_at is not null and c.completed_at < c.started_at + ${window}
                then greatest(c.completed_at, c.started_at) else c.started_at + ${window} end as ends_at,
           c.started_at + ${window} > ${now}::timestamptz as pending
    from (
      select s.checkout_id, s.cid, s.actor, s.started_at, fc.completed_at, st.last_step, v.variant
      from (
        select distinct on (st.p->>'checkoutId') st.p->>'checkoutId' as checkout_id, st.cid, st.actor, st.ts as started_at
        from ${resolvedEvents(ctx, ["checkout.started"])} st
        order by st.p->>'checkoutId', st.ts, st.id
      ) s
      left join ${firstCompletions(ctx)} fc on fc.checkout_id = s.checkout_id
      left join (
        select sv.properties->>'checkoutId' as checkout_id, max((${position}::jsonb ->> (sv.properties->>'step'))::int) as last_step
        from events sv where sv.org_id = ${orgId} and sv.type = 'checkout.step_viewed'
        group by 1
      ) st on st.checkout_id = s.checkout_id
      left join (
        select distinct on (w.properties->>'checkoutId') w.properties->>'checkoutId' as checkout_id, w.properties->>'variant' as variant
        from events w
        where w.org_id = ${orgId} and w.type in ('checkout.started', 'checkout.step_viewed') and w.properties->>'variant' is not null
        order by w.properties->>'checkoutId', w.type <> 'checkout.started', w.timestamp, w.id
      ) v on v.checkout_id = s.checkout_id
    ) c
    where true ${inSegment(ctx, sql`c.cid`)}
  )`;
}

/**
 * Per checkout id, its earliest completion (`completed_at`): a checkout.completed carrying it or an
 * order.placed carrying it (cancelled orders included: they still complete their checkout).
 */
export function firstCompletions(ctx: MetricContext): SQL {
  const { orgId } = ctx.settings;
  return sql`(
    select x.checkout_id, min(x.ts) as completed_at from (
      select d.properties->>'checkoutId' as checkout_id, d.timestamp as ts from events d
      where d.org_id = ${orgId} and d.type = 'checkout.completed'
      union all
      select o.checkout_id, o.placed_at from orders o where o.org_id = ${orgId} and o.checkout_id is not null
    ) x group by x.checkout_id
  )`;
}

/**
 * Views of `types` during each checkout of `checkouts` (metrics.md: between its start and its end,
 * both included, carrying its checkoutId, or carrying none and coming from the same actor): one row
 * per (checkout_id, view), with the view's properties as `p`. Two equi-joins, so both are hash joins.
 */
export function viewsDuring(ctx: MetricContext, checkouts: SQL, types: readonly string[]): SQL {
  const views = resolvedEvents(ctx, types);
  return sql`(
    select c.checkout_id, dv.p from ${checkouts} c
    join ${views} dv on dv.p->>'checkoutId' = c.checkout_id and dv.ts >= c.started_at and dv.ts <= c.ends_at
    union all
    select c.checkout_id, dv.p from ${checkouts} c
    join ${views} dv on dv.p->>'checkoutId' is null and dv.actor = c.actor and dv.ts >= c.started_at and dv.ts <= c.ends_at
  )`;
}
