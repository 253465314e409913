import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { activitySpansReady, customersActiveIn, edgeActivity, localDaysOf, wholeDaysRange } from "./activity";
import type { MetricContext } from "./context";
import type { Period } from "./period";
import { hasPeriod, masksOf, periodBit } from "./period-masks";
import { inSegment } from "./segment";
import { arrayLiteral, HASHED, periodsRelation, queryRows } from "./sql";
import { aliveParts, aliveSubscribers, orderedWithin } from "./subscriptions";

/**
 * B(to) of each period in a compact form, computed once per request (queryRows answers an identical
 * statement once; it names the organisation, churn window, segment, periods and whether rollups are
 * read, all B(to) depends on) and read by every rate over it: the beyond-the-sale page reads six.
 *
 * - `counts`: (i, base), |B(to)| of each period;
 * - `members`: (cid, mask), each customer in some period's base with a bit string over the periods,
 *   bit i (from the left, 0-based) set when they are in period i's base. `contains(i, mask)` tests it.
 *
 * Why this shape: a customer in the base of every day of a daily series was 32 (i, cid) pairs, sent
 * back to PostgreSQL and joined by every rate (27,000 pairs for the demo shop's 30 days, millions at
 * 10 million events); as one row with a mask it is one. A rate asks only about the customers it
 * matched (who engaged, repaired, enrolled), so it joins those few to the members and reads the count
 * of the base from `counts`. The customer ids and masks travel back as the array literals PostgreSQL
 * wrote, so no value is re-encoded; the counts are added up from the masks.
 */
export interface CustomerBase {
  counts: SQL;
  members: SQL;
}

export async function customerBaseOf(ctx: MetricContext, periods: readonly Period[]): Promise<CustomerBase> {
  const fromSpans = await activitySpansReady(ctx, periods);
  const [row] = await queryRows<{ cids: string; masks: string }>(
    ctx,
    sql`${fromSpans ? membersFromSpans(ctx, periods) : membersFromPairs(ctx, periods)}
        select coalesce(array_agg(cid), '{}')::text as cids, coalesce(array_agg(mask), '{}')::text as masks from members`,
    HASHED,
  );
  // |B(to)| per period: the members whose mask has that period's bit.
  const counts = periods.map(() => 0);
  for (const mask of masksOf(row!.masks)) periods.forEach((_, i) => (counts[i]! += hasPeriod(mask, i) ? 1 : 0));
  return {
    counts: sql`(select * from unnest(${arrayLiteral(counts.map((_, i) => i))}::int[], ${arrayLiteral(counts)}::bigint[]) as bc(i, base))`,
    members: sql`(select * from unnest(${row!.cids}::text[], ${row!.masks}::varbit[]) as bm(cid, mask))`,
  };
}

/**
 * `with … members as (cid, mask)` from the pairs of B(to) (testing/customer-base-pairs.ts writes them as
 * metrics.md does) without de-duplicating any of them (bit_or does): alive through orders (such a customer
 * has bought before p_to), and alive through a subscription or active in the period, kept if they bought
 * before p_to.
 */
function membersFromPairs(ctx: MetricContext, periods: readonly Period[]): SQL {
  const alive = aliveParts(ctx, sql`periods`, "p_to");
  return sql`${alive.ctes}, periods as ${periodsRelation(periods)},
        -- Each purchaser's first order (firstOrders' first_at) from the live orders alive_orders already resolved:
        -- the orders and identity links read once, not twice.
        purchasers as (select o.cid, min(o.placed_at) as first_at from alive_orders o group by o.cid),
        pairs as (
          select o.i, o.cid from ${alive.throughOrders} o
          union all
          select x.i, x.cid
          from (select s.i, s.cid from ${alive.throughSubscriptions} s
                union all
                select ac.i, ac.cid from ${customersActiveIn(ctx, periods, "initiated")} ac) x
          join periods p on p.i = x.i
          join purchasers fo on fo.cid = x.cid and fo.first_at < p.p_to),
        members as (
          select b.cid, bit_or(${periodBit(periods, sql`b.i`)}) as mask
          from pairs b where true ${inSegment(ctx, sql`b.cid`)}
          group by b.cid)`;
}

/**
 * The same members from customer_activity_spans, one row per customer tested against each period: bought
 * before p_to (the first of `ordered`), and alive through orders (`ordered` in the churn window), active on a
 * whole local day of the period (`initiated`), or in the few pairs the spans cannot answer (alive through a
 * subscription, active in a ragged edge of the period: a hashed set). Where the pairs joined every live order
 * of the history to the periods and every active customer to the purchasers, this reads each customer once.
 */
function membersFromSpans(ctx: MetricContext, periods: readonly Period[]): SQL {
  const subscribers = aliveSubscribers(ctx, sql`periods`, "p_to");
  const edges = edgeActivity(ctx, periods, "initiated");
  return sql`with ${subscribers.cte}, periods as ${periodsRelation(periods)}, ${localDaysOf(ctx, periods)},
        others as (
          select s.i, s.cid from ${subscribers.pairs} s
          ${edges ? sql`union all select e.i, e.cid from ${edges} e` : sql``}),
        members as (
          select s.customer_id as cid, bit_or(${periodBit(periods, sql`d.i`)}) as mask
          from days d
          join customer_activity_spans s on s.org_id = ${ctx.settings.orgId} and lower(s.ordered) < d.p_to
            and (${orderedWithin(ctx, sql`s`, sql`d.p_to`)}
                 or s.initiated && ${wholeDaysRange(sql`d`)}
                 or (d.i, s.customer_id) in (select o.i, o.cid from others o))
          where true ${inSegment(ctx, sql`s.customer_id`)}
          group by s.customer_id)`;
}

/** Period `i` is among a member's periods (`mask` of CustomerBase.members). */
export const inBaseOf = (i: SQL, mask: SQL): SQL => sql`get_bit(${mask}, ${i}) = 1`;

/**
 * Customers (identified, in the segment) who did a customer-initiated event in each period, custom
 * events included (metrics.md "Active"): a relation (i, active) with a row for every period that has any.
 */
export function activeCustomerCounts(ctx: MetricContext, periods: readonly Period[]): SQL {
  return sql`(select a.i, count(*) as active from ${customersActiveIn(ctx, periods, "initiated")} a
              where true ${inSegment(ctx, sql`a.cid`)} group by a.i)`;
}
