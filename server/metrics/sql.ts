import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/db";
import { sharedWithinRequest, type MetricContext } from "./context";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Period } from "./period";
import type { MetricPoint } from "./types";
import { currencyExponent } from "@/lib/money";

/**
 * SQL building blocks shared by the metric families. Every metric is one statement evaluated for a
 * list of periods at once (the period, the previous one and every bucket of the series), so a
 * series costs one round trip, not one per point. `periods` rows are (i, p_from, p_to).
 */

export const NESTED_LOOPS_OFF = sql`select set_config('enable_nestloop', 'off', true)`;

/**
 * For a statement whose large groupings PostgreSQL would rather sort than hash (`hashAggregates` of
 * queryRows): sorts stay possible where nothing else answers (`distinct on`), they are only costed
 * last. The customer base at 10 million events: a million (period, customer) pairs sorted on disk
 * to be made distinct, where hashing them takes half the time (B(to) 2.1-2.3 -> 1.5-1.7 s, warm).
 * Most metric statements group a join of the periods with many rows by the period, a handful of
 * groups that PostgreSQL sorted a million rows to form (the sessions of 180 days at 10 million events:
 * 180 of 480 ms); hashed, the retention family's daily series took 1.2 s instead of 3. Not for every
 * statement: with a segment some plans got worse without sorts (docs/performance.md, session 24), so
 * only the statements measured faster both ways ask for it (HASHED).
 */
export const SORTS_OFF = sql`select set_config('enable_sort', 'off', true)`;

/** queryRows' options for a statement that runs with sorts off too (SORTS_OFF says which and why). */
export const HASHED = { hashAggregates: true } as const;

/**
 * Runs a metric statement with nested-loop joins off (in a transaction of its own, or a savepoint of
 * the caller's, so the setting ends with it).
 *
 * Why: metric statements join derived relations (first orders, the customer base of each period,
 * activity per period) whose sizes PostgreSQL cannot estimate; it guesses 1 or 2 rows where there
 * are tens of thousands, and a nested loop over such a guess re-reads the inner side once per outer
 * row. On the demo shop, daily series went from seconds to milliseconds with hash and merge joins
 * (content engagement 12.3 s -> 0.15 s, historical CLV 4.8 s -> 0.2 s, the whole catalog's 30-day
 * daily series 36.7 s -> 2.4 s; docs/performance.md). Index scans stay available: they are scans, not
 * joins, and the planner still picks a nested loop where nothing else can answer. `hashAggregates`
 * turns sorts off as well (SORTS_OFF).
 */
export async function queryRows<T>(ctx: MetricContext, query: SQL, options: { hashAggregates?: boolean } = {}): Promise<T[]> {
  const run = () =>
    ctx.db.transaction(async (tx) => {
      await tx.execute(NESTED_LOOPS_OFF);
      if (options.hashAggregates) await tx.execute(SORTS_OFF);
      return rowsOf<T>(await tx.execute(query));
    });
  if (!ctx.shared) return run();
  // Within a request, an identical statement (text and parameters: everything it depends on but the
  // data) runs once: a page's panels ask for retention and churn, orders and AOV, repeat purchase and
  // repeat service, which read the same rows. The rows are shared, so no caller may change them.
  const { sql: text, params } = dialect.sqlToQuery(query);
  return sharedWithinRequest(ctx, JSON.stringify([text, params]), run);
}

const dialect = new PgDialect();

/** `column` in the half-open span [from, to), as an index range. */
export function within(column: SQL, { from, to }: Period): SQL {
  return sql`${column} >= ${from.toISOString()}::timestamptz and ${column} < ${to.toISOString()}::timestamptz`;
}

/**
 * The periods as a relation (i, p_from, p_to), from three array literals: the columns arrive typed.
 * They came from a jsonb list before, and where the planner folded that subquery into a join (it
 * does, `offset 0` or not) every (period, row) comparison re-extracted the bounds from the json and
 * parsed them as timestamps: 110,000 parses for a daily series over the demo shop's 1,700 orders,
 * most of such a statement on the embedded database. `offset 0` still keeps it a subquery where the
 * planner honours it, so that expressions over the bounds are computed once per period; expressions
 * that must be computed once per period whatever the plan go in a materialized CTE (activity.ts
 * does so for the local-day bounds).
 */
export function periodsRelation(periods: readonly Period[]): SQL {
  const indexes = arrayLiteral(periods.map((_, i) => i));
  const froms = arrayLiteral(periods.map((p) => p.from.toISOString()));
  const tos = arrayLiteral(periods.map((p) => p.to.toISOString()));
  return sql`(select x.i, x.p_from, x.p_to
              from unnest(${indexes}::int[], ${froms}::timestamptz[], ${tos}::timestamptz[]) as x(i, p_from, p_to) offset 0)`;
}

/** A PostgreSQL array literal of numbers or ISO instants (nothing in them needs quoting). */
export const arrayLiteral = (values: readonly (string | number)[]) => `{${values.join(",")}}`;

/** `= any(…)` of a text array passed as one parameter: an index condition, whatever its length. */
export function textArray(values: Iterable<string>): SQL {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify([...values])}::jsonb))`;
}

/** The same for row ids (events.id): a bigint array. */
export function idArray(ids: readonly number[]): SQL {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::bigint)`;
}

/**
 * A literal list for `x in ${textList(…)}`: one parameter per value, so that PostgreSQL can use it as
 * an index condition (events by organisation, type and time) and estimate it from its statistics. As a
 * subquery over jsonb_array_elements_text it was a semi-join the planner could neither index nor
 * estimate: at 10 million events it read every event of the period and filtered the type afterwards
 * (WISMO: 13 s for a 30-day series).
 */
export function textList(values: readonly string[]): SQL {
  if (values.length === 0) return sql`(select null::text where false)`;
  return sql`(${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

/** metrics.md "Customer-initiated events"; custom events count as well. */
export const CUSTOMER_INITIATED = [
  "page.viewed", "product.viewed", "cart.item_added", "checkout.started", "checkout.step_viewed", "checkout.completed",
  "order.placed", "return.requested", "policy.viewed", "sustainability.info_viewed", "dpp.viewed", "repair.requested",
  "maintenance.booked", "resale.listed", "takeback.requested", "recycling.completed", "content.engaged", "content.shared",
  "content.commented", "referral.sent", "tracking.viewed", "email.clicked", "support.contacted", "review.submitted",
  "survey.responded", "loyalty.enrolled", "loyalty.points_redeemed", "onboarding.call_booked", "request.created",
  "deliverable.reviewed", "portal.login", "feature.used", "trial.started", "subscription.started", "appointment.attended",
  "medication.dose_taken",
] as const;

export const LIFECYCLE = ["repair.requested", "maintenance.booked", "resale.listed", "takeback.requested", "recycling.completed"] as const;

export const SUSTAINABILITY_TYPES = [
  "dpp.viewed", "sustainability.info_viewed", "repair.requested", "repair.completed", "maintenance.booked", "resale.listed",
  "takeback.requested", "recycling.completed",
] as const;

export const REPAIR_TYPES = ["repair.requested", "maintenance.booked"] as const;

/** content.engaged's contentType and topic values (the taxonomy's, append only); each has a bit in the activity days' masks. */
export { CONTENT_TOPICS, CONTENT_TYPES } from "@/lib/events/taxonomy";

/** The bit of a property's value among `values` (position i is 1 << i), 0 for any other value. */
export function bitOf(value: SQL, values: readonly string[]): SQL {
  return sql`(case ${value} ${sql.join(values.map((v, i) => sql`when ${v} then ${sql.raw(String(1 << i))}`), sql` `)} else 0 end)`;
}

/** metrics.md "Sustainability interaction", on an event's type and properties columns. */
const sustainabilityOf = (type: SQL, properties: SQL) =>
  sql`(${type} in ${textList(SUSTAINABILITY_TYPES)} or (${type} = 'content.engaged' and ${properties}->>'topic' = 'sustainability'))`;

/**
 * Conditions on a raw `events` row aliased `e`, shared by the metric reads below and by the rollup
 * ingest keeps (server/ingest/activity-days.ts), so that both classify an event the same way.
 */
export const eventIs = {
  /** metrics.md "Customer-initiated events", custom events included. */
  initiated: sql`(e.type in ${textList(CUSTOMER_INITIATED)} or e.custom)`,
  sustainability: sustainabilityOf(sql`e.type`, sql`e.properties`),
  lifecycle: sql`e.type in ${textList(LIFECYCLE)}`,
  repair: sql`e.type in ${textList(REPAIR_TYPES)}`,
  referral: sql`e.type = 'referral.converted'`,
  content: sql`e.type = 'content.engaged'`,
  /** Not the order.placed of a cancelled order: that order was "never placed", so it is no activity either. */
  live: sql`not (e.type = 'order.placed' and exists (
    select 1 from orders co where co.org_id = e.org_id and co.order_id = e.properties->>'orderId' and co.canceled_at is not null))`,
};

/** A sustainability interaction, for a relation `ev` of resolved events. */
export const isSustainabilityInteraction = sustainabilityOf(sql`ev.type`, sql`ev.p`);

/**
 * Events with their actor resolved (metrics.md "Actors"): `cid` is the customer (the event's own
 * customerId, else the one its anonymousId is linked to), `actor` the customer or, without one, the
 * anonymous id (prefixed so it can never equal a customer id). `types` narrows the scan; `custom`
 * adds every custom event; `source` reads a relation of events rows instead of the table (a fenced
 * subset, fetched through an index of its own before the type is tested). The order.placed event of a
 * cancelled order is left out: that order was "never placed", so it is no activity either.
 */
export function resolvedEvents(
  ctx: MetricContext,
  types: readonly string[] | "all",
  options: { custom?: boolean; source?: SQL } = {},
): SQL {
  const typeFilter =
    types === "all" ? sql`` : options.custom ? sql`and (e.type in ${textList(types)} or e.custom)` : sql`and e.type in ${textList(types)}`;
  // Only an order.placed can be "never placed". Left in for other types, the check's subplan made
  // PostgreSQL cost a sequential scan per row and read 5 million page views through an index instead
  // (sessions at 10 million events: 36 s -> 57 s).
  const liveCheck = types === "all" || types.includes("order.placed") ? sql`and ${eventIs.live}` : sql``;
  return sql`(
    select e.id, e.type, e.timestamp as ts, e.properties as p, e.session_id, e.anonymous_id, e.custom,
           coalesce(e.customer_id, il.customer_id) as cid,
           coalesce(e.customer_id, il.customer_id, chr(1) || e.anonymous_id) as actor
    from ${options.source ?? sql`events`} e
    left join identity_links il on e.customer_id is null and il.org_id = e.org_id and il.anonymous_id = e.anonymous_id
    where e.org_id = ${ctx.settings.orgId} ${typeFilter} ${liveCheck}
  )`;
}

/**
 * Rate of an order's currency into the organisation's on the order's local date: the latest rate in
 * force that day, else (an order older than every rate) the earliest one; null without any rate, and
 * such orders are left out of money sums (the catalog returns how many in `unconverted`).
 */
export function rateFor(ctx: MetricContext, currency: SQL, at: SQL): SQL {
  const { orgId, currency: orgCurrency, timeZone } = ctx.settings;
  return sql`(case when ${currency} = ${orgCurrency} then 1::numeric else coalesce(
      (select r.rate from exchange_rates r where r.org_id = ${orgId} and r.currency = ${currency}
         and r.effective_on <= (${at} at time zone ${timeZone})::date order by r.effective_on desc limit 1),
      (select r.rate from exchange_rates r where r.org_id = ${orgId} and r.currency = ${currency} order by r.effective_on asc limit 1)) end)`;
}

/**
 * Major units of minor units in a currency (exponents from ICU, as ingest used), as numeric: exact
 * decimals, so that sums and the rounding of answers meet no binary fraction (power(10, n) on
 * integers is double precision; its sums put a tie such as 64.845 on the wrong side).
 */
function majorUnits(minor: SQL, currency: SQL): SQL {
  return sql`(${minor}::numeric / power(10::numeric, coalesce((${currencyExponents()}::jsonb ->> ${currency})::int, 2)))`;
}

let exponentsJson: string | undefined;
function currencyExponents(): string {
  exponentsJson ??= JSON.stringify(Object.fromEntries(Intl.supportedValuesOf("currency").map((code) => [code, currencyExponent(code)])));
  return exponentsJson;
}

/**
 * The customer an orders row `o` counts for (server/customers/identity.ts), and the join it needs: the
 * column migration 0023 keeps (orders.resolved_customer_id; server/ingest/resolved-customers.ts), or, with rollups off (the
 * consistency test's reference), the identity-link join it equals. The join hashed the organisation's
 * identity links once per statement that read orders: 142,000 of them at 10 million events, several
 * times in most of the value metrics' statements.
 */
function orderCustomer(ctx: MetricContext): { cid: SQL; join: SQL } {
  if (ctx.rollups !== false) return { cid: sql`o.resolved_customer_id`, join: sql`` };
  return {
    cid: sql`coalesce(o.customer_id, il.customer_id)`,
    join: sql`left join identity_links il on o.customer_id is null and il.org_id = o.org_id and il.anonymous_id = o.anonymous_id`,
  };
}

/**
 * Orders that count (not cancelled), with the customer they count for (orderCustomer), the total
 * in the organisation's currency (null when no rate exists) and the arrival id for ties.
 *
 * `placedIn` keeps only the orders placed in that span (an index range): for reads that count orders
 * per period, which otherwise converted every order of the history before joining it to the periods
 * (1.5 s for a 30-day series at 10 million events). `where` is one more condition on the orders row `o`.
 */
export function liveOrders(ctx: MetricContext, placedIn?: Period, where?: SQL): SQL {
  const rate = rateFor(ctx, sql`o.currency`, sql`o.placed_at`);
  const span = sql`${placedIn ? sql`and ${within(sql`o.placed_at`, placedIn)}` : sql``} ${where ? sql`and ${where}` : sql``}`;
  const customer = orderCustomer(ctx);
  return sql`(
    select o.order_id, o.event_id, o.placed_at, o.sustainable, o.checkout_id, o.currency, o.anonymous_id,
           ${customer.cid} as cid,
           coalesce(${customer.cid}, chr(1) || o.anonymous_id) as actor,
           ${majorUnits(sql`o.total_minor`, sql`o.currency`)} * ${rate} as total
    from orders o ${customer.join}
    where o.org_id = ${ctx.settings.orgId} and o.canceled_at is null ${span}
  )`;
}

/** Refunds applied to live orders, in the organisation's currency at the order's rate; `refundedIn` as liveOrders' `placedIn`. */
export function liveRefunds(ctx: MetricContext, refundedIn?: Period): SQL {
  const span = refundedIn ? sql`and ${within(sql`r.refunded_at`, refundedIn)}` : sql``;
  const rate = rateFor(ctx, sql`o.currency`, sql`o.placed_at`);
  const customer = orderCustomer(ctx);
  return sql`(
    select r.order_id, r.refunded_at, ${customer.cid} as cid,
           ${majorUnits(sql`r.applied_minor`, sql`o.currency`)} * ${rate} as amount
    from order_refunds r
    join orders o on o.org_id = r.org_id and o.order_id = r.order_id and o.canceled_at is null ${customer.join}
    where r.org_id = ${ctx.settings.orgId} and coalesce(r.applied_minor, 0) > 0 ${span}
  )`;
}

/** Each purchaser's first order (earliest timestamp, ties by arrival), among live orders. */
export function firstOrders(ctx: MetricContext): SQL {
  return sql`(
    select distinct on (cid) cid, placed_at as first_at, order_id as first_order_id
    from ${liveOrders(ctx)} fo where cid is not null
    order by cid, placed_at, event_id
  )`;
}

/** percent with an empty denominator as null (metrics.md: never 0, never NaN). */
export function percent(numerator: number, denominator: number): number | null {
  return denominator > 0 ? (100 * numerator) / denominator : null;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Rows keyed by period index, with a default for periods that have no row. */
export function byPeriod<T extends { i: number | string }>(rows: readonly T[]): Map<number, T> {
  return new Map(rows.map((r) => [Number(r.i), r]));
}

export type PeriodRow = Record<string, unknown> & { i: number };

/** Runs a query answering one row per period index (`i`) and maps each period to its point. */
export async function perPeriod(
  ctx: MetricContext,
  periods: readonly Period[],
  query: SQL,
  toPoint: (row: PeriodRow | undefined) => MetricPoint,
  options: { hashAggregates?: boolean } = {},
): Promise<MetricPoint[]> {
  return pointsByPeriod(periods, await queryRows<PeriodRow>(ctx, query, options), toPoint);
}

/** Each period's point from its row (found by `i`), for rows already read. */
export function pointsByPeriod(periods: readonly Period[], rows: readonly PeriodRow[], toPoint: (row: PeriodRow | undefined) => MetricPoint): MetricPoint[] {
  const byIndex = byPeriod(rows);
  return periods.map((_, i) => toPoint(byIndex.get(i)));
}
