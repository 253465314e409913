/**
 * metrics.md section 1, "Beyond the sale", read straight from the spec (see dataset.ts for the shared core).
 */
import {
  DAY,
  type Dataset,
  type Ev,
  isSustainabilityInteraction,
  LIFECYCLE_TYPES,
  type OracleSection,
  ratio,
  type Span,
  inSpan,
} from "./dataset";

const isLifecycle = (e: Ev) => LIFECYCLE_TYPES.has(e.type);

/** Events in P passing `keep`. */
const eventsIn = (data: Dataset, p: Span, keep: (e: Ev) => boolean) => data.events.filter((e) => inSpan(e.at, p) && keep(e));

/** Members of B(to) with at least one event in P passing `keep`; "counts in its numerator only members of B(to)". */
function baseMembersWith(data: Dataset, p: Span, keep: (e: Ev) => boolean): { hits: Set<string>; base: Set<string> } {
  const base = data.base(p);
  const hits = new Set(
    eventsIn(data, p, keep)
      .map((e) => e.customer)
      .filter((c): c is string => c !== null && base.has(c)),
  );
  return { hits, base };
}

const CONTENT_TYPES = ["newsletter", "blog", "video", "tutorial", "community", "social"];
const TOPICS = ["sustainability", "care", "lifestyle", "product", "other"];

/** The breakdown of a B(to) rate: the base and the members counted. */
const baseCounts = (keep: (e: Ev) => boolean) => (data: Dataset, p: Span) => {
  const { hits, base } = baseMembersWith(data, p, keep);
  return { base: base.size, customers: hits.size } as Record<string, number | null>;
};

/** "members of B(to) with X in P / B(to)", as a percent. */
const baseRate = (keep: (e: Ev) => boolean) => (data: Dataset, p: Span) => {
  const { hits, base } = baseMembersWith(data, p, keep);
  return ratio(hits.size, base.size, 100);
};

const isRepairActivity = (e: Ev) => e.type === "repair.requested" || e.type === "maintenance.booked";

const isPostPurchaseDppView = (e: Ev) => e.type === "dpp.viewed" && e.props.context === "post_purchase";

/** Customers (lifecycle event before `to`) vs (none): net revenue before `to` of Purchasers(to). */
function ltvGroups(data: Dataset, to: number) {
  const withLifecycle = new Set(data.events.filter((e) => isLifecycle(e) && e.customer !== null && e.at < to).map((e) => e.customer!));
  const withRev: number[] = [];
  const withoutRev: number[] = [];
  for (const c of data.purchasers(to)) (withLifecycle.has(c) ? withRev : withoutRev).push(data.netRevenueBefore(c, to));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
  return { withMean: mean(withRev), withoutMean: mean(withoutRev), withCount: withRev.length, withoutCount: withoutRev.length };
}

/**
 * end_of_life_action_rate: "customers with `eol.prompted` in P who did takeback.requested, recycling.completed
 * or resale.listed within 30 days after their first prompt in P / customers with eol.prompted in P".
 * Outcome window 30 d (metrics.md "Outcome windows"): a customer whose window has not ended at `now` is pending,
 * left out of both sides. Window read as [first prompt, first prompt + 30 d), half-open like every span of the
 * spec ("Periods are half-open"), so it has ended, and the case is decided, once now >= first prompt + 30 d.
 */
const EOL_ACTIONS = new Set(["takeback.requested", "recycling.completed", "resale.listed"]);
function endOfLife(data: Dataset, p: Span) {
  const firstPrompt = new Map<string, number>();
  for (const e of eventsIn(data, p, (e) => e.type === "eol.prompted" && e.customer !== null)) {
    if (!firstPrompt.has(e.customer!)) firstPrompt.set(e.customer!, e.at); // events are in time order
  }
  let acted = 0;
  let decided = 0;
  let pending = 0;
  for (const [c, at] of firstPrompt) {
    const end = at + 30 * DAY;
    if (end > data.now) {
      pending++;
      continue;
    }
    decided++;
    if (data.events.some((e) => e.customer === c && EOL_ACTIONS.has(e.type) && e.at >= at && e.at < end)) acted++;
  }
  return { acted, decided, pending };
}

function dppFeedback(data: Dataset, p: Span) {
  const scores = data.inPeriod("survey.responded", p).filter((e) => e.props.kind === "dpp_feedback").map((e) => Number(e.props.score));
  return { count: scores.length, mean: ratio(scores.reduce((s, x) => s + x, 0), scores.length) };
}

/**
 * repeat_sustainable_purchases: "orders in P by customers who had a lifecycle event before that order, not
 * counting each customer's first order". "Before" read as strictly earlier in time.
 */
function repeatSustainablePurchases(data: Dataset, p: Span): number {
  let n = 0;
  for (const o of data.ordersIn(p)) {
    if (o.customer === null) continue;
    const first = data.firstOrder(o.customer)!;
    if (first.orderId === o.orderId) continue;
    if (data.events.some((e) => isLifecycle(e) && e.customer === o.customer && e.at < o.at)) n++;
  }
  return n;
}

export const BEYOND_ORACLE: OracleSection = {
  values: {
    // "members of B(to) with >= 1 sustainability interaction in P / B(to)"
    sustainability_engagement_rate: baseRate(isSustainabilityInteraction),
    // "lifecycle events in P" (anonymous ones included, as the catalog documents)
    lifecycle_interactions: (data, p) => eventsIn(data, p, isLifecycle).length,
    // "lifecycle events in P by members of B(to) / B(to)"
    lifecycle_interactions_per_customer: (data, p) => {
      const base = data.base(p);
      return ratio(eventsIn(data, p, (e) => isLifecycle(e) && e.customer !== null && base.has(e.customer)).length, base.size);
    },
    content_engagement_rate: baseRate((e) => e.type === "content.engaged"),
    // "members of B(to) who were the referrer of >= 1 referral.converted in P" (sent with customerId = the referrer)
    referral_rate: baseRate((e) => e.type === "referral.converted"),
    repeat_sustainable_purchases: repeatSustainablePurchases,
    // "orders in P with sustainable = true (or a sustainable item) / orders in P" (every order, anonymous too)
    sustainable_order_share: (data, p) => {
      const orders = data.ordersIn(p);
      return ratio(orders.filter((o) => o.sustainable).length, orders.length, 100);
    },
    sustainable_ltv_lift: (data, p) => {
      const { withMean, withoutMean } = ltvGroups(data, p.to);
      if (withMean === null || withoutMean === null) return null;
      return ratio(withMean, withoutMean);
    },
    // "dpp.viewed with context = post_purchase by identified customers in P / distinct customers with such a view in P"
    dpp_access_frequency: (data, p) => {
      const views = eventsIn(data, p, (e) => isPostPurchaseDppView(e) && e.customer !== null);
      return ratio(views.length, new Set(views.map((e) => e.customer)).size);
    },
    repair_activity_rate: baseRate(isRepairActivity),
    end_of_life_action_rate: (data, p) => {
      const { acted, decided } = endOfLife(data, p);
      return ratio(acted, decided, 100);
    },
    dpp_feedback_score: (data, p) => dppFeedback(data, p).mean,
  },
  breakdowns: {
    sustainability_engagement_rate: baseCounts(isSustainabilityInteraction),
    lifecycle_interactions: (data, p) =>
      Object.fromEntries([...LIFECYCLE_TYPES].map((type) => [`byType[${type}]`, eventsIn(data, p, (e) => e.type === type).length])),
    lifecycle_interactions_per_customer: (data, p) => {
      const base = data.base(p);
      return { base: base.size, events: eventsIn(data, p, (e) => isLifecycle(e) && e.customer !== null && base.has(e.customer)).length };
    },
    // "breakdown by contentType and topic": the same rate per value (members of B(to) with such an engagement / B(to)).
    content_engagement_rate: (data, p) => {
      const out: Record<string, number | null> = baseCounts((e) => e.type === "content.engaged")(data, p);
      for (const [group, prop, values] of [
        ["byContentType", "contentType", CONTENT_TYPES],
        ["byTopic", "topic", TOPICS],
      ] as const) {
        for (const v of values) {
          const { hits, base } = baseMembersWith(data, p, (e) => e.type === "content.engaged" && e.props[prop] === v);
          out[`${group}.${v}.customers`] = hits.size;
          out[`${group}.${v}.percent`] = ratio(hits.size, base.size, 100);
        }
      }
      return out;
    },
    referral_rate: baseCounts((e) => e.type === "referral.converted"),
    sustainable_order_share: (data, p) => {
      const orders = data.ordersIn(p);
      return { orders: orders.length, sustainable: orders.filter((o) => o.sustainable).length };
    },
    sustainable_ltv_lift: (data, p) => {
      const g = ltvGroups(data, p.to);
      return {
        "withLifecycle.customers": g.withCount,
        "withLifecycle.meanNetRevenue": g.withMean,
        "withoutLifecycle.customers": g.withoutCount,
        "withoutLifecycle.meanNetRevenue": g.withoutMean,
      };
    },
    // "(anonymous views are counted in the breakdown)"
    dpp_access_frequency: (data, p) => {
      const views = eventsIn(data, p, isPostPurchaseDppView);
      const known = views.filter((e) => e.customer !== null);
      return { views: known.length, customers: new Set(known.map((e) => e.customer)).size, anonymousViews: views.length - known.length };
    },
    // "the count is returned too"
    repair_activity_rate: baseCounts(isRepairActivity),
    end_of_life_action_rate: (data, p) => {
      const { acted, decided, pending } = endOfLife(data, p);
      return { prompted: decided, acted, pending };
    },
    dpp_feedback_score: (data, p) => ({ count: dppFeedback(data, p).count }),
  },
};
