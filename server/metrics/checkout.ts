import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { checkoutSummariesReady, checkoutsRelation, firstCompletions, firstStarts, viewsDuring } from "./checkouts";
import type { MetricContext } from "./context";
import { spanOf, type Period } from "./period";
import { inSegment } from "./segment";
import { num, percent, periodsRelation, perPeriod, queryRows, ratio, resolvedEvents, within } from "./sql";
import { twoProportionPValue } from "./statistics";
import { windowSql } from "./windows";

/** Section 2 of metrics.md: checkout and abandonment (sessions are in sessions.ts). */

/**
 * Counts over the checkouts started in each period. `base` is the checkout relation; `ctes` may add
 * relations computed from it (views during checkouts), `joins` join them to each checkout row (alias
 * `c`) and `flags` add columns from them; `columns` are the aggregates per period.
 */
async function overCheckouts(ctx: MetricContext, periods: readonly Period[], columns: SQL, extra: { ctes?: SQL; flags?: SQL; joins?: SQL } = {}): Promise<SQL> {
  return sql`
    with base as ${await checkoutsRelation(ctx, periods)} ${extra.ctes ?? sql``},
    cks as (select c.* ${extra.flags ?? sql``} from base c ${extra.joins ?? sql``})
    select pr.i, count(c.checkout_id) filter (where c.pending) as pending ${columns}
    from ${periodsRelation(periods)} pr
    left join cks c on c.started_at >= pr.p_from and c.started_at < pr.p_to
    group by pr.i`;
}

/** checkouts (not pending) matching `where`, and how many of them were abandoned, as `<name>_n`, `<name>_x`. */
function rateColumns(name: string, where: SQL = sql`true`): SQL {
  return sql`, count(c.checkout_id) filter (where not c.pending and ${where}) as ${sql.identifier(`${name}_n`)},
               count(c.checkout_id) filter (where not c.pending and not c.completed and ${where}) as ${sql.identifier(`${name}_x`)}`;
}

function rateOf(row: Record<string, unknown> | undefined, name: string) {
  const checkouts = num(row?.[`${name}_n`]);
  const abandoned = num(row?.[`${name}_x`]);
  return { checkouts, abandoned, rate: percent(abandoned, checkouts) };
}

export async function checkoutAbandonmentRate(ctx: MetricContext, periods: readonly Period[]) {
  return perPeriod(ctx, periods, await overCheckouts(ctx, periods, rateColumns("all")), (row) => {
    const all = rateOf(row, "all");
    return {
      value: all.rate,
      breakdown: { started: all.checkouts, abandoned: all.abandoned, completed: all.checkouts - all.abandoned, pending: num(row?.pending) },
    };
  });
}

const SUSTAINABILITY_VIEWS = ["dpp.viewed", "sustainability.info_viewed"] as const;

export async function sustainabilityAbandonmentRate(ctx: MetricContext, periods: readonly Period[]) {
  const ctes = sql`, viewed as (select distinct v.checkout_id from ${viewsDuring(ctx, sql`base`, SUSTAINABILITY_VIEWS, periods)} v)`;
  const joins = sql`left join viewed vw on vw.checkout_id = c.checkout_id`;
  const flags = sql`, vw.checkout_id is not null as viewed`;
  const columns = sql`${rateColumns("with", sql`c.viewed`)} ${rateColumns("without", sql`not c.viewed`)}`;
  return perPeriod(ctx, periods, await overCheckouts(ctx, periods, columns, { ctes, flags, joins }), (row) => {
    const withViews = rateOf(row, "with");
    const without = rateOf(row, "without");
    const difference = withViews.rate === null || without.rate === null ? null : withViews.rate - without.rate;
    return { value: withViews.rate, breakdown: { withViews, withoutViews: without, differencePoints: difference, pending: num(row?.pending) } };
  });
}

export async function policyAbandonmentImpact(ctx: MetricContext, periods: readonly Period[]) {
  const rows = await queryRows<Record<string, unknown> & { i: number; policy: string | null }>(
    ctx,
    sql`with base as ${await checkoutsRelation(ctx, periods)},
        viewed as (
          select v.checkout_id, array_agg(distinct v.policy) as policies
          from ${viewsDuring(ctx, sql`base`, ["policy.viewed"], periods)} v group by v.checkout_id),
        cks as (select c.*, coalesce(vw.policies, '{}') as policies from base c left join viewed vw on vw.checkout_id = c.checkout_id),
        per_policy as (
          select pr.i, p.policy, count(*) as n, count(*) filter (where not c.completed) as x
          from ${periodsRelation(periods)} pr
          join cks c on c.started_at >= pr.p_from and c.started_at < pr.p_to and not c.pending
          cross join lateral unnest(c.policies) as p(policy)
          group by pr.i, p.policy)
        select pr.i, null as policy,
               count(c.checkout_id) filter (where c.pending) as pending
               ${rateColumns("with", sql`cardinality(c.policies) > 0`)} ${rateColumns("without", sql`cardinality(c.policies) = 0`)}
        from ${periodsRelation(periods)} pr
        left join cks c on c.started_at >= pr.p_from and c.started_at < pr.p_to
        group by pr.i
        union all
        select i, policy, null, n, x, null, null from per_policy`,
  );
  return periods.map((_, i) => {
    const mine = rows.filter((r) => Number(r.i) === i);
    const totals = mine.find((r) => r.policy === null);
    const withViews = rateOf(totals, "with");
    const without = rateOf(totals, "without");
    const impact = (rate: number | null) => (rate === null || without.rate === null ? null : ratio(rate, without.rate));
    const byPolicy = Object.fromEntries(
      mine
        .filter((r) => r.policy !== null)
        .map((r) => {
          const rate = rateOf(r, "with");
          return [r.policy!, { ...rate, impact: impact(rate.rate) }];
        }),
    );
    return { value: impact(withViews.rate), breakdown: { withViews, withoutViews: without, byPolicy, pending: num(totals?.pending) } };
  });
}

/**
 * Per step of the organisation's order: abandoned checkouts whose last step it is (exits), checkouts
 * that reached it, and exits / reached; abandoned checkouts that viewed no step are counted aside.
 * The heatmap repeats this per ISO week (Monday first, in the organisation's zone) of the start.
 */
export async function checkoutStepExits(ctx: MetricContext, periods: readonly Period[]) {
  const tz = ctx.settings.timeZone;
  const steps = ctx.settings.checkoutSteps;
  const rows = await queryRows<{ i: number; week: string; last_step: number | null; n: string; x: string }>(
    ctx,
    sql`select pr.i, to_char(date_trunc('week', c.started_at at time zone ${tz}), 'YYYY-MM-DD') as week, c.last_step,
               count(*) as n, count(*) filter (where not c.completed) as x
        from ${periodsRelation(periods)} pr
        join ${await checkoutsRelation(ctx, periods, { lastStep: true })} c on c.started_at >= pr.p_from and c.started_at < pr.p_to and not c.pending
        group by 1, 2, 3`,
  );
  return periods.map((_, i) => {
    const mine = rows.filter((r) => Number(r.i) === i);
    const table = (subset: typeof mine) =>
      steps.map((step, index) => {
        const position = index + 1;
        const exits = subset.filter((r) => r.last_step === position).reduce((s, r) => s + num(r.x), 0);
        const reached = subset.filter((r) => r.last_step !== null && num(r.last_step) >= position).reduce((s, r) => s + num(r.n), 0);
        return { step, exits, reached, exitRate: percent(exits, reached) };
      });
    const weeks = [...new Set(mine.map((r) => r.week))].sort();
    return {
      value: null,
      breakdown: {
        checkouts: mine.reduce((s, r) => s + num(r.n), 0),
        abandonedWithoutStep: mine.filter((r) => r.last_step === null).reduce((s, r) => s + num(r.x), 0),
        rows: table(mine),
        heatmap: weeks.map((week) => ({ week, steps: table(mine.filter((r) => r.week === week)) })),
      },
    };
  });
}

/**
 * Checkouts whose first-ever cart.recovery_sent is in the period and came strictly before any
 * completion; converted when completed within 7 days (7 x 24 h) after that message, pending until
 * those 7 days are over. The checkout's customer (for segments) is its starter, else the message's.
 */
export async function cartRecoveryConversionRate(ctx: MetricContext, periods: readonly Period[]) {
  const rows = await queryRows<{ i: number; nudge: string | null; channel: string | null; n: string; converted: string; pending: string }>(
    ctx,
    sql`with ${await recoveryCases(ctx, periods)}
        select pr.i, c.nudge, c.channel,
               count(*) filter (where not c.pending) as n,
               count(*) filter (where not c.pending and c.completed_at < c.ts + ${windowSql("cartRecoveryConversion")}) as converted,
               count(*) filter (where c.pending) as pending
        from ${periodsRelation(periods)} pr
        join cases c on c.ts >= pr.p_from and c.ts < pr.p_to and (c.completed_at is null or c.completed_at > c.ts)
          ${inSegment(ctx, sql`c.customer`)}
        group by 1, 2, 3`,
  );
  return periods.map((_, i) => {
    const mine = rows.filter((r) => Number(r.i) === i);
    const sumBy = (key: "nudge" | "channel") => {
      const groups = new Map<string, { checkouts: number; converted: number }>();
      for (const r of mine) {
        const name = r[key] ?? "unspecified";
        const g = groups.get(name) ?? { checkouts: 0, converted: 0 };
        g.checkouts += num(r.n);
        g.converted += num(r.converted);
        groups.set(name, g);
      }
      return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, g]) => [k, { ...g, rate: percent(g.converted, g.checkouts) }]));
    };
    const checkouts = mine.reduce((s, r) => s + num(r.n), 0);
    const converted = mine.reduce((s, r) => s + num(r.converted), 0);
    return {
      value: percent(converted, checkouts),
      breakdown: { checkouts, converted, pending: mine.reduce((s, r) => s + num(r.pending), 0), byNudge: sumBy("nudge"), byChannel: sumBy("channel") },
    };
  });
}

/**
 * `cases` of cart recovery: per checkout, its first-ever cart.recovery_sent (`ts`, `nudge`, `channel`), its
 * earliest completion (firstCompletions), whether its window is still open (`pending`), and the customer it
 * counts for in a segment: the starter of the checkout, else whom the message was sent to (both resolved
 * through identity links now).
 *
 * From checkout_summaries, which keeps each checkout's first message, only the checkouts first messaged in the
 * periods' span (an index range); from the events (every message of the history) with the rollups off or not
 * built. At 10 million events the events' way read 100,000 messages and 250,000 summaries for every read.
 */
async function recoveryCases(ctx: MetricContext, periods: readonly Period[]): Promise<SQL> {
  const pending = (ts: SQL) => sql`${ts} + ${windowSql("cartRecoveryConversion")} > ${ctx.now.toISOString()}::timestamptz`;
  if (await checkoutSummariesReady(ctx)) {
    const { orgId } = ctx.settings;
    return sql`cases as (
          select s.checkout_id, s.recovery_at as ts, s.recovery_nudge as nudge, s.recovery_channel as channel, s.completed_at,
                 ${pending(sql`s.recovery_at`)} as pending,
                 coalesce(s.customer_id, started_by.customer_id, s.recovery_customer_id, sent_to.customer_id) as customer
          from checkout_summaries s
          left join identity_links started_by on s.customer_id is null and started_by.org_id = s.org_id and started_by.anonymous_id = s.anonymous_id
          left join identity_links sent_to on s.recovery_customer_id is null and sent_to.org_id = s.org_id and sent_to.anonymous_id = s.recovery_anonymous_id
          where s.org_id = ${orgId} and ${within(sql`s.recovery_at`, spanOf(periods))})`;
  }
  return sql`first_message as materialized (
          select distinct on (m.p->>'checkoutId') m.p->>'checkoutId' as checkout_id, m.ts, m.cid,
                 m.p->>'nudge' as nudge, m.p->>'channel' as channel
          from ${resolvedEvents(ctx, ["cart.recovery_sent"])} m
          -- A message names its checkout (ingest requires it); one without, from data stored before that rule, is
          -- no checkout here, as in checkout_summaries.
          where m.p->>'checkoutId' is not null
          order by m.p->>'checkoutId', m.ts, m.id
        ),
        cases as (
          select f.*, fc.completed_at, ${pending(sql`f.ts`)} as pending, coalesce(st.cid, f.cid) as customer
          from first_message f
          left join ${firstCompletions(ctx)} fc on fc.checkout_id = f.checkout_id
          left join ${firstStarts(ctx)} st on st.checkout_id = f.checkout_id)`;
}

/**
 * Abandonment per variant (checkouts without one left out) and, against the control, a two-sided
 * pooled two-proportion z-test p-value. The control is the organisation's setting when it has
 * checkouts in the period, else the variant with the most checkouts (ties: the first by name).
 */
export async function checkoutVariantAbandonment(ctx: MetricContext, periods: readonly Period[]) {
  const rows = await queryRows<{ i: number; variant: string; n: string; x: string }>(
    ctx,
    sql`select pr.i, c.variant, count(*) as n, count(*) filter (where not c.completed) as x
        from ${periodsRelation(periods)} pr
        join ${await checkoutsRelation(ctx, periods)} c on c.started_at >= pr.p_from and c.started_at < pr.p_to and not c.pending and c.variant is not null
        group by 1, 2`,
  );
  return periods.map((_, i) => {
    const variants = rows
      .filter((r) => Number(r.i) === i)
      .map((r) => ({ variant: r.variant, checkouts: num(r.n), abandoned: num(r.x) }))
      .sort((a, b) => a.variant.localeCompare(b.variant));
    const configured = variants.find((v) => v.variant === ctx.settings.controlVariant);
    // Ties in code-point order: locale-independent, as an SQL `order by` in the C collation.
    const control = configured ?? [...variants].sort((a, b) => b.checkouts - a.checkouts || (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0))[0];
    return {
      value: null,
      breakdown: {
        control: control?.variant ?? null,
        controlSource: configured ? "setting" : "most_checkouts",
        rows: variants.map((v) => ({
          ...v,
          abandonmentRate: percent(v.abandoned, v.checkouts),
          pValue: !control || v === control ? null : twoProportionPValue(v.abandoned, v.checkouts, control.abandoned, control.checkouts),
        })),
      },
    };
  });
}
