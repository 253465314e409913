import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { MetricContext } from "./context";
import { LIFECYCLE, resolvedEvents, textList } from "./sql";

/** The loyalty points events, whose `points` keyed_events keeps as sent (null for every other type, as `context` but for dpp.viewed). */
export const POINTS_TYPES = ["loyalty.points_earned", "loyalty.points_redeemed"] as const;

/** The subscription events, whose subscriptionId, mrr, currency and effectiveAt keyed_events keeps as sent (null for every other type). */
export const SUBSCRIPTION_TYPES = ["subscription.started", "subscription.changed", "subscription.paused", "subscription.resumed", "subscription.canceled"] as const;

/**
 * The event types kept in keyed_events (db/schema/rollups.ts; the triggers of migration 0024 list the same
 * types and properties). Two kinds:
 * - the ones the windowed metrics join on by a property: views during checkouts (section 2), tracking views
 *   and order-confirmation clicks after orders (section 3), survey sends and responses (section 5);
 * - the ones metrics read over the organisation's whole history: each customer's first lifecycle event
 *   (sustainable LTV lift, repeat sustainable purchases) and first enrolment (loyalty adoption, member AOV
 *   lift, the loyalty segment, the loyalty programme report), every points event before `to` (points
 *   redemption), every subscription event (MRR, revenue churn, net revenue retention, the subscribers of
 *   B(to), trial to paid). Few rows (about 1.5 % of events), but from `events` each was a fetch from the
 *   wide table's heap and a join to every identity link. Once kept, the period and window reads of the same
 *   types use them too (lifecycle interactions, end-of-life actions, DPP access).
 */
export const KEYED_EVENT_TYPES = [
  "dpp.viewed",
  "sustainability.info_viewed",
  "policy.viewed",
  "tracking.viewed",
  "email.clicked",
  "survey.sent",
  "survey.responded",
  ...LIFECYCLE,
  "loyalty.enrolled",
  ...POINTS_TYPES,
  ...SUBSCRIPTION_TYPES,
] as const;

export type KeyedEventType = (typeof KEYED_EVENT_TYPES)[number];

/**
 * Events of `types` with their actor resolved as resolvedEvents does (`cid`, `actor`), their arrival
 * `id`, `type` and time `ts`, and the properties they are read by as columns: `checkout_id`,
 * `order_id`, `survey_kind`, `policy`, `email_type` (properties->>'checkoutId', 'orderId', 'kind',
 * 'policy', 'emailType'), `points` (properties->>'points' of the points events, as text), `context`
 * (properties->>'context' of dpp.viewed) and `subscription_id`, `mrr`, `currency`, `effective_at` (of the
 * subscription events: 'subscriptionId', 'mrr', 'currency', 'effectiveAt', as text). Read from
 * keyed_events, a narrow copy of those events, or from `events` when rollups are off
 * (`ctx.rollups === false`: the consistency test's reference): the same relation either way.
 */
export function keyedEvents(ctx: MetricContext, types: readonly KeyedEventType[]): SQL {
  if (ctx.rollups === false) {
    return sql`(
      select e.id, e.type, e.ts, e.cid, e.actor, e.p->>'checkoutId' as checkout_id, e.p->>'orderId' as order_id,
             e.p->>'kind' as survey_kind, e.p->>'policy' as policy, e.p->>'emailType' as email_type,
             case when e.type in ${textList(POINTS_TYPES)} then e.p->>'points' end as points,
             case when e.type = 'dpp.viewed' then e.p->>'context' end as context,
             ${subscriptionProperty(sql`e.type`, sql`e.p->>'subscriptionId'`)} as subscription_id,
             ${subscriptionProperty(sql`e.type`, sql`e.p->>'mrr'`)} as mrr,
             ${subscriptionProperty(sql`e.type`, sql`e.p->>'currency'`)} as currency,
             ${subscriptionProperty(sql`e.type`, sql`e.p->>'effectiveAt'`)} as effective_at
      from ${resolvedEvents(ctx, types)} e)`;
  }
  // The actor as kept on the row (resolved_customer_id, migration 0023), not joined to the identity links.
  return sql`(
    select k.event_id as id, k.type, k.timestamp as ts,
           k.resolved_customer_id as cid,
           coalesce(k.resolved_customer_id, chr(1) || k.anonymous_id) as actor,
           k.checkout_id, k.order_id, k.survey_kind, k.policy, k.email_type, k.points, k.context,
           k.subscription_id, k.mrr, k.currency, k.effective_at
    from keyed_events k
    where k.org_id = ${ctx.settings.orgId} and k.type in ${textList(types)}
  )`;
}

const subscriptionProperty = (type: SQL, value: SQL) => sql`case when ${type} in ${textList(SUBSCRIPTION_TYPES)} then ${value} end`;

/**
 * When each customer first sent one of `types` (e.g. loyalty.enrolled): joined once, where a
 * correlated "exists an event before t" per customer and period re-read the events each time
 * (loyalty adoption ran for minutes on the demo shop's daily series).
 */
export function firstEventPerCustomer(ctx: MetricContext, types: readonly KeyedEventType[]): SQL {
  return sql`(select f.cid, min(f.ts) as first_at from ${keyedEvents(ctx, types)} f where f.cid is not null group by f.cid)`;
}
