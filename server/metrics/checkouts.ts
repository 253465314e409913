import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { MetricContext } from "./context";
import { inSegment } from "./segment";
import type { Period } from "./period";
import { resolvedEvents, within } from "./sql";

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
 *
 * `startedIn` keeps only the checkouts with a start in that span (a metric's periods): every part then
 * reads the events of those checkoutIds alone (the starts in the span, an index range, name them), not
 * the whole history's. That keeps every checkout first started in the span, and the few first started
 * before it and again inside it, which the periods' own `started_at` conditions leave out. (Filtering
 * those here as well made PostgreSQL estimate a few dozen checkouts where there were 140,000, and
 * match views to them in a nested loop: 165 s at 10 million events.)
 */
export function checkoutsRelation(ctx: MetricContext, startedIn?: Period): SQL {
  const { orgId, abandonmentWindowHours, checkoutSteps } = ctx.settings;
  const ids = startedIn ? checkoutIdsStartedIn(ctx, startedIn) : null;
  const only = (column: SQL) => (ids ? sql`join ${ids} k on k.checkout_id = ${column}` : sql``);
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
        from ${resolvedEvents(ctx, ["checkout.started"])} st ${only(sql`st.p->>'checkoutId'`)}
        order by st.p->>'checkoutId', st.ts, st.id
      ) s
      left join ${firstCompletions(ctx, ids)} fc on fc.checkout_id = s.checkout_id
      left join (
        select sv.properties->>'checkoutId' as checkout_id, max((${position}::jsonb ->> (sv.properties->>'step'))::int) as last_step
        from events sv ${only(sql`sv.properties->>'checkoutId'`)}
        where sv.org_id = ${orgId} and sv.type = 'checkout.step_viewed'
        group by 1
      ) st on st.checkout_id = s.checkout_id
      left join (
        select distinct on (w.properties->>'checkoutId') w.properties->>'checkoutId' as checkout_id, w.properties->>'variant' as variant
        from events w ${only(sql`w.properties->>'checkoutId'`)}
        where w.org_id = ${orgId} and w.type in ('checkout.started', 'checkout.step_viewed') and w.properties->>'variant' is not null
        order by w.properties->>'checkoutId', w.type <> 'checkout.started', w.timestamp, w.id
      ) v on v.checkout_id = s.checkout_id
    ) c
    where true ${inSegment(ctx, sql`c.cid`)}
  )`;
}

/** The checkoutIds with a checkout.started in the span: a superset of those whose first start is in it. */
function checkoutIdsStartedIn(ctx: MetricContext, span: Period): SQL {
  return sql`(select distinct sp.properties->>'checkoutId' as checkout_id from events sp
              where sp.org_id = ${ctx.settings.orgId} and sp.type = 'checkout.started' and ${within(sql`sp.timestamp`, span)})`;
}

/**
 * Per checkout id, its earliest completion (`completed_at`): a checkout.completed carrying it or an
 * order.placed carrying it (cancelled orders included: they still complete their checkout).
 */
export function firstCompletions(ctx: MetricContext, ids: SQL | null = null): SQL {
  const { orgId } = ctx.settings;
  const only = (column: SQL) => (ids ? sql`join ${ids} k on k.checkout_id = ${column}` : sql``);
  return sql`(
    select x.checkout_id, min(x.ts) as completed_at from (
      select d.properties->>'checkoutId' as checkout_id, d.timestamp as ts from events d ${only(sql`d.properties->>'checkoutId'`)}
      where d.org_id = ${orgId} and d.type = 'checkout.completed'
      union all
      select o.checkout_id, o.placed_at from orders o ${only(sql`o.checkout_id`)} where o.org_id = ${orgId} and o.checkout_id is not null
    ) x group by x.checkout_id
  )`;
}

/**
 * Views of `types` during each checkout of `checkouts` (metrics.md: between its start and its end,
 * both included, carrying its checkoutId, or carrying none and coming from the same actor): one row
 * per (checkout_id, view), with the view's properties as `p`. Two equi-joins, so both are hash joins.
 */
export function viewsDuring(ctx: MetricContext, checkouts: SQL, types: readonly string[], startedIn?: Period): SQL {
  // A checkout that starts in the span ends at most a window after it: its views are in that range.
  const range = startedIn && { from: startedIn.from, to: new Date(startedIn.to.getTime() + ctx.settings.abandonmentWindowHours * 3_600_000 + 1) };
  const views = resolvedEvents(ctx, types, range ? { where: within(sql`e.timestamp`, range) } : {});
  return sql`(
    select c.checkout_id, dv.p from ${checkouts} c
    join ${views} dv on dv.p->>'checkoutId' = c.checkout_id and dv.ts >= c.started_at and dv.ts <= c.ends_at
    union all
    select c.checkout_id, dv.p from ${checkouts} c
    join ${views} dv on dv.p->>'checkoutId' is null and dv.actor = c.actor and dv.ts >= c.started_at and dv.ts <= c.ends_at
  )`;
}
