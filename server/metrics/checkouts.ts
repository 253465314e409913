import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { MetricContext } from "./context";
import { inSegment } from "./segment";
import { resolvedEvents } from "./sql";

/**
 * The checkout relation every section-2 metric reads (metrics.md "Checkouts"), one row per checkoutId
 * that has a checkout.started:
 * - `started_at`, `cid`, `actor`: its first checkout.started (by timestamp, then arrival);
 * - `completed_at`: its earliest completion, a checkout.completed or an order.placed carrying the id.
 *   Orders are read from the orders table including cancelled ones: a cancelled order still completes
 *   its checkout;
 * - `completed`: completed before start + the abandonment window (a completion stamped before the
 *   start, clock skew between sources, counts as within it);
 * - `ends_at`: the completion when completed in the window, else start + window;
 * - `pending`: start + window is after now (metrics.md "Outcome windows"), whatever happened so far;
 * - `last_step`: 1-based position in the organisation's step order of the furthest step viewed with
 *   this checkoutId (any time; steps outside the order are ignored), null when none;
 * - `variant`: of the first checkout.started naming one, else of the first checkout.step_viewed that does.
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
      select s.checkout_id, s.cid, s.actor, s.started_at,
        ${firstCompletion(ctx, sql`s.checkout_id`)} as completed_at,
        (select max((${position}::jsonb ->> (v.properties->>'step'))::int) from events v
         where v.org_id = ${orgId} and v.type = 'checkout.step_viewed' and v.properties->>'checkoutId' = s.checkout_id) as last_step,
        (select w.properties->>'variant' from events w
         where w.org_id = ${orgId} and w.type in ('checkout.started', 'checkout.step_viewed')
           and w.properties->>'checkoutId' = s.checkout_id and w.properties->>'variant' is not null
         order by w.type <> 'checkout.started', w.timestamp, w.id limit 1) as variant
      from (
        select distinct on (st.p->>'checkoutId') st.p->>'checkoutId' as checkout_id, st.cid, st.actor, st.ts as started_at
        from ${resolvedEvents(ctx, ["checkout.started"])} st
        order by st.p->>'checkoutId', st.ts, st.id
      ) s
    ) c
    where true ${inSegment(ctx, sql`c.cid`)}
  )`;
}

/**
 * Whether a view of one of `types` happened during checkout `c` (metrics.md: between its start and
 * its end, both included, carrying its checkoutId, or carrying none and coming from the same actor).
 * `extra` narrows the views further (a policy, say).
 */
export function viewedDuring(ctx: MetricContext, types: readonly string[], extra: SQL = sql``): SQL {
  return sql`exists (
    select 1 from ${resolvedEvents(ctx, types)} dv
    where dv.ts >= c.started_at and dv.ts <= c.ends_at
      and (dv.p->>'checkoutId' = c.checkout_id or (dv.p->>'checkoutId' is null and dv.actor = c.actor)) ${extra})`;
}

/**
 * The earliest completion of a checkout id: a checkout.completed carrying it or an order.placed
 * carrying it (cancelled orders included: they still complete their checkout).
 */
export function firstCompletion(ctx: MetricContext, checkoutId: SQL): SQL {
  const { orgId } = ctx.settings;
  return sql`(select min(x.ts) from (
      select d.timestamp as ts from events d
      where d.org_id = ${orgId} and d.type = 'checkout.completed' and d.properties->>'checkoutId' = ${checkoutId}
      union all
      select o.placed_at from orders o where o.org_id = ${orgId} and o.checkout_id = ${checkoutId}) x)`;
}
