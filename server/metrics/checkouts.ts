import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { refreshCheckoutSummaries } from "@/server/ingest/checkout-summaries";
import { noteRollupCaughtUp, type MetricContext } from "./context";
import { spanOf, type Period } from "./period";
import { inSegment } from "./segment";
import { resolvedEvents, within } from "./sql";
import { hoursSql } from "./windows";
import { keyedEvents, type KeyedEventType } from "./keyed-events";

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
 *   this checkoutId (any time; steps outside the order are ignored), null when none; only with
 *   `{ lastStep: true }`, else null: the abandonment metrics do not read it, and a relation read more
 *   than once is materialized whole (a per-checkout lookup of its steps, 30 ms of 168 at 1M events);
 * - `variant`: of the first checkout.started naming one, else of the first checkout.step_viewed that does.
 *
 * Read from checkout_summaries (brought up to date first, when a write named a checkout since the
 * last read), and only the checkouts started in the periods' span: every reader counts checkouts by
 * their start. From raw events (every checkout of the history) when the rollup is off
 * (`ctx.rollups === false`, the consistency test's reference) or not built yet.
 */
export async function checkoutsRelation(ctx: MetricContext, periods: readonly Period[], options: { lastStep?: boolean } = {}): Promise<SQL> {
  const lastStep = options.lastStep ?? false;
  if (!(await checkoutSummariesReady(ctx))) return withOutcomes(ctx, checkoutsFromEvents(ctx, lastStep));
  return withOutcomes(ctx, checkoutsFromSummaries(ctx, periods, lastStep));
}

/**
 * Whether this read takes checkouts from checkout_summaries (not with rollups off, nor while they are
 * being built); if so, brings them up to date first.
 */
export async function checkoutSummariesReady(ctx: MetricContext): Promise<boolean> {
  if (ctx.rollups === false || ctx.settings.checkoutSummariesStale) return false;
  noteRollupCaughtUp(ctx, await refreshCheckoutSummaries(ctx.db, ctx.settings.orgId));
  return true;
}

/** The columns the abandonment window and "now" decide, over checkouts with the columns above. */
function withOutcomes(ctx: MetricContext, checkouts: SQL): SQL {
  const window = abandonmentWindow(ctx);
  const now = ctx.now.toISOString();
  return sql`(
    select c.*,
           c.completed_at is not null and c.completed_at < c.started_at + ${window} as completed,
           case when c.completed_at is not null and c.completed_at < c.started_at + ${window}
                then greatest(c.completed_at, c.started_at) else c.started_at + ${window} end as ends_at,
           c.started_at + ${window} > ${now}::timestamptz as pending
    from ${checkouts} c
    where true ${inSegment(ctx, sql`c.cid`)}
  )`;
}

const abandonmentWindow = (ctx: MetricContext) => hoursSql(ctx.settings.abandonmentWindowHours);

/** Each step's 1-based position in the organisation's order, as jsonb (read when the metric runs). */
const stepPositions = (ctx: MetricContext) => JSON.stringify(Object.fromEntries(ctx.settings.checkoutSteps.map((step, i) => [step, i + 1])));

/** The checkouts started in the periods' span (an index range), their starter resolved through identity links now. */
function checkoutsFromSummaries(ctx: MetricContext, periods: readonly Period[], lastStep: boolean): SQL {
  const furthest = lastStep ? sql`(select max((${stepPositions(ctx)}::jsonb ->> st.step)::int) from unnest(s.steps) as st(step))` : sql`null::int`;
  return sql`(
    select s.checkout_id, coalesce(s.customer_id, il.customer_id) as cid,
           coalesce(s.customer_id, il.customer_id, chr(1) || s.anonymous_id) as actor,
           s.started_at, s.completed_at, ${furthest} as last_step,
           s.variant
    from checkout_summaries s
    left join identity_links il on s.customer_id is null and il.org_id = s.org_id and il.anonymous_id = s.anonymous_id
    where s.org_id = ${ctx.settings.orgId} and ${within(sql`s.started_at`, spanOf(periods))}
  )`;
}

/** Every checkout of the history, from its events: the definition checkout_summaries is held to. */
function checkoutsFromEvents(ctx: MetricContext, lastStep: boolean): SQL {
  const { orgId } = ctx.settings;
  const furthest = lastStep
    ? sql`left join (
        select sv.properties->>'checkoutId' as checkout_id, max((${stepPositions(ctx)}::jsonb ->> (sv.properties->>'step'))::int) as last_step
        from events sv where sv.org_id = ${orgId} and sv.type = 'checkout.step_viewed'
        group by 1
      ) st on st.checkout_id = s.checkout_id`
    : sql``;
  return sql`(
      select s.checkout_id, s.cid, s.actor, s.started_at, fc.completed_at, ${lastStep ? sql`st.last_step` : sql`null::int`} as last_step, v.variant
      from ${firstStarts(ctx)} s
      left join ${firstCompletions(ctx)} fc on fc.checkout_id = s.checkout_id
      ${furthest}
      left join (
        select distinct on (w.properties->>'checkoutId') w.properties->>'checkoutId' as checkout_id, w.properties->>'variant' as variant
        from events w
        where w.org_id = ${orgId} and w.type in ('checkout.started', 'checkout.step_viewed') and w.properties->>'variant' is not null
        order by w.properties->>'checkoutId', w.type <> 'checkout.started', w.timestamp, w.id
      ) v on v.checkout_id = s.checkout_id
  )`;
}

/** Per checkout id, its first checkout.started (by timestamp, then arrival): when, and its customer and actor. */
export function firstStarts(ctx: MetricContext): SQL {
  return sql`(
    select distinct on (st.p->>'checkoutId') st.p->>'checkoutId' as checkout_id, st.cid, st.actor, st.ts as started_at
    from ${resolvedEvents(ctx, ["checkout.started"])} st
    order by st.p->>'checkoutId', st.ts, st.id
  )`;
}

/**
 * Per checkout id, its earliest completion (`completed_at`): a checkout.completed carrying it or an
 * order.placed carrying it (cancelled orders included: they still complete their checkout).
 */
export function firstCompletions(ctx: MetricContext, of?: SQL): SQL {
  const { orgId } = ctx.settings;
  // `of`, a relation of checkout_id: only those checkouts, probed through the checkoutId indexes of events and orders.
  const only = (column: SQL) => (of ? sql`and ${column} = any(array(${of}))` : sql``);
  return sql`(
    select x.checkout_id, min(x.ts) as completed_at from (
      select d.properties->>'checkoutId' as checkout_id, d.timestamp as ts from events d
      where d.org_id = ${orgId} and d.type = 'checkout.completed' ${only(sql`d.properties->>'checkoutId'`)}
      union all
      select o.checkout_id, o.placed_at from orders o where o.org_id = ${orgId} and o.checkout_id is not null ${only(sql`o.checkout_id`)}
    ) x group by x.checkout_id
  )`;
}

/**
 * Views of `types` during each checkout of `checkouts` (metrics.md: between its start and its end,
 * both included, carrying its checkoutId, or carrying none and coming from the same actor): one row
 * per (checkout_id, view), with the view's `policy` (policy.viewed). Two equi-joins, so both are hash
 * joins. The views come from keyed_events (keyedEvents), not from the events' heap.
 *
 * Only the checkouts started in the periods count, and a checkout ends before its start plus one
 * abandonment window: so only views from the span's start to a window after its end are read (an
 * index range on the views' type and time, where every view of the history was read before).
 */
export function viewsDuring(ctx: MetricContext, checkouts: SQL, types: readonly KeyedEventType[], periods: readonly Period[]): SQL {
  const span = spanOf(periods);
  const viewSpan = { from: span.from, to: new Date(span.to.getTime() + ctx.settings.abandonmentWindowHours * 3_600_000) };
  // The views are read once (materialized) for both joins: written into each, every view of 180 days was
  // fetched from the events' heap twice (sustainability abandonment at 10 million events: 2 x 140,000 rows).
  return sql`(
    with views as materialized (
      select v.ts, v.actor, v.policy, v.checkout_id from ${keyedEvents(ctx, types)} v where ${within(sql`v.ts`, viewSpan)})
    select c.checkout_id, dv.policy from ${checkouts} c
    join views dv on dv.checkout_id = c.checkout_id and dv.ts >= c.started_at and dv.ts <= c.ends_at
    union all
    select c.checkout_id, dv.policy from ${checkouts} c
    join views dv on dv.checkout_id is null and dv.actor = c.actor and dv.ts >= c.started_at and dv.ts <= c.ends_at
  )`;
}
