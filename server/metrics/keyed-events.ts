import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { MetricContext } from "./context";
import { resolvedEvents, textList } from "./sql";

/**
 * The event types the windowed metrics join on, kept in keyed_events (db/schema/rollups.ts; the triggers
 * of migration 0022 list the same types and properties): views during checkouts (section 2), tracking
 * views and order-confirmation clicks after orders (section 3), survey sends and responses (section 5).
 */
export const KEYED_EVENT_TYPES = [
  "dpp.viewed",
  "sustainability.info_viewed",
  "policy.viewed",
  "tracking.viewed",
  "email.clicked",
  "survey.sent",
  "survey.responded",
] as const;

export type KeyedEventType = (typeof KEYED_EVENT_TYPES)[number];

/**
 * Events of `types` with their actor resolved as resolvedEvents does (`cid`, `actor`), their arrival
 * `id`, `type` and time `ts`, and the properties they are joined by as columns: `checkout_id`,
 * `order_id`, `survey_kind`, `policy`, `email_type` (properties->>'checkoutId', 'orderId', 'kind',
 * 'policy', 'emailType'). Read from keyed_events, a narrow copy of those events, or from `events` when
 * rollups are off (`ctx.rollups === false`: the consistency test's reference): the same relation either way.
 */
export function keyedEvents(ctx: MetricContext, types: readonly KeyedEventType[]): SQL {
  if (ctx.rollups === false) {
    return sql`(
      select e.id, e.type, e.ts, e.cid, e.actor, e.p->>'checkoutId' as checkout_id, e.p->>'orderId' as order_id,
             e.p->>'kind' as survey_kind, e.p->>'policy' as policy, e.p->>'emailType' as email_type
      from ${resolvedEvents(ctx, types)} e)`;
  }
  // The actor as kept on the row (resolved_customer_id, migration 0023), not joined to the identity links.
  return sql`(
    select k.event_id as id, k.type, k.timestamp as ts,
           k.resolved_customer_id as cid,
           coalesce(k.resolved_customer_id, chr(1) || k.anonymous_id) as actor,
           k.checkout_id, k.order_id, k.survey_kind, k.policy, k.email_type
    from keyed_events k
    where k.org_id = ${ctx.settings.orgId} and k.type in ${textList(types)}
  )`;
}
