import "server-only";
import type { MetricDefinition } from "./types";
import * as beyond from "./beyond";
import * as checkout from "./checkout";
import * as industry from "./industry";
import * as journey from "./journey";
import * as postPurchase from "./post-purchase";
import * as sessions from "./sessions";
import * as value from "./value";
import * as voice from "./voice";

/**
 * The metric catalog: every metric's key, name, family, unit, direction, description and query, in
 * one registry (metrics.md, sections 1-7). The REST API, tRPC, dashboards, widgets and benchmarks
 * all read it; adding a metric is one entry here and one query function in its family's file.
 *
 * Shared conventions every description relies on: periods are [from, to); a customer is a resolved
 * customerId (anonymous ids linked by their earliest link); a cancelled order counts nowhere; money is
 * in the organisation's currency (orders in a currency without an exchange rate are left out of
 * money sums and counted as `unconverted`; converted amounts are exact, minor units x rate, and only
 * the answer is rounded); an empty denominator gives null.
 */
/** How the per-customer money metrics treat orders they cannot convert. */
const NET_REVENUE_UNCONVERTED = "Orders in a currency without any exchange rate, and their refunds, are left out of the net revenue; their customers still count.";
/** metrics.md "Checkouts", as every checkout metric reads it. */
const CHECKOUT_RULES =
  "A checkout is one checkoutId that has a checkout.started, timed from its first one; it is completed by checkout.completed or an order.placed carrying its id (a cancelled order still completes it) before start + the abandonment window (organisation setting, default 24 h), a completion stamped before the start included (clock skew), else abandoned. Checkouts started less than the window ago are pending: left out of both sides and counted in the breakdown.";

/** metrics.md "Checkouts" (views during a checkout), as the two view-based abandonment metrics read it. */
const DURING_CHECKOUT =
  "During a checkout: from its start to its end, both included (its completion when completed in the window, else start + window; a completion stamped before the start ends it at its start), carrying its checkoutId, or carrying none and by the same actor.";

const METRICS: MetricDefinition[] = [
  // 1. Beyond the sale and 3. Post-purchase experience
  {
    key: "sustainability_engagement_rate",
    name: "Sustainability engagement rate",
    family: "beyond",
    unit: "percent",
    direction: "higher",
    description:
      "Members of the customer base B(to) with at least one sustainability interaction in the period (dpp.viewed, sustainability.info_viewed, repair, maintenance, resale, take-back, recycling, or content.engaged on the sustainability topic) / B(to). B(to): customers with an order before `to` who are alive at `to` or did something themselves in the period.",
    query: beyond.sustainabilityEngagementRate,
    readsUntil: "to",
  },
  {
    key: "lifecycle_interactions",
    name: "Lifecycle interactions",
    family: "beyond",
    unit: "count",
    direction: "higher",
    description:
      "Lifecycle events in the period (repair.requested, maintenance.booked, resale.listed, takeback.requested, recycling.completed), anonymous ones included; by type in the breakdown.",
    query: beyond.lifecycleInteractions,
    readsUntil: "to",
    seriesBreakdown: true,
  },
  {
    key: "lifecycle_interactions_per_customer",
    name: "Lifecycle interactions per customer",
    family: "beyond",
    unit: "ratio",
    direction: "higher",
    description:
      "Lifecycle events in the period by members of B(to) / B(to).",
    query: beyond.lifecycleInteractionsPerCustomer,
    readsUntil: "to",
  },
  {
    key: "content_engagement_rate",
    name: "Content engagement rate",
    family: "beyond",
    unit: "percent",
    direction: "higher",
    description:
      "Members of B(to) with at least one content.engaged in the period / B(to); the same per contentType and per topic in the breakdown.",
    query: beyond.contentEngagementRate,
    readsUntil: "to",
  },
  {
    key: "referral_rate",
    name: "Referral rate",
    family: "beyond",
    unit: "percent",
    direction: "higher",
    description:
      "Members of B(to) who were the referrer (the customerId) of at least one referral.converted in the period / B(to).",
    query: beyond.referralRate,
    readsUntil: "to",
  },
  {
    key: "repeat_sustainable_purchases",
    name: "Repeat sustainable purchases",
    family: "beyond",
    unit: "count",
    direction: "higher",
    description:
      "Orders in the period by customers who had a lifecycle event before that order, leaving out each customer's first order (the order need not itself be sustainable).",
    query: beyond.repeatSustainablePurchases,
    readsUntil: "to",
  },
  {
    key: "sustainable_order_share",
    name: "Sustainable order share",
    family: "beyond",
    unit: "percent",
    direction: "higher",
    description:
      "Orders in the period with sustainable = true or a sustainable item / orders in the period.",
    query: beyond.sustainableOrderShare,
    readsUntil: "to",
  },
  {
    key: "sustainable_ltv_lift",
    name: "Sustainable LTV lift",
    family: "beyond",
    unit: "ratio",
    direction: "higher",
    description:
      `Mean net revenue before \`to\` of the customers with an order before \`to\` who had a lifecycle event before \`to\` / the same for those without. ${NET_REVENUE_UNCONVERTED} An association, not an effect: customers who repair and resell may simply be the ones who buy more.`,
    query: beyond.sustainableLtvLift,
    readsUntil: "to",
  },
  {
    key: "dpp_access_frequency",
    name: "DPP access frequency",
    family: "beyond",
    unit: "ratio",
    direction: "higher",
    description:
      "dpp.viewed with context post_purchase by identified customers in the period / distinct customers with such a view; anonymous views are counted in the breakdown only.",
    query: beyond.dppAccessFrequency,
    readsUntil: "to",
  },
  {
    key: "repair_activity_rate",
    name: "Repair activity rate",
    family: "beyond",
    unit: "percent",
    direction: "higher",
    description:
      "Members of B(to) with repair.requested or maintenance.booked in the period / B(to); the count of such customers is in the breakdown.",
    query: beyond.repairActivityRate,
    readsUntil: "to",
  },
  {
    key: "end_of_life_action_rate",
    name: "End-of-life action rate",
    family: "beyond",
    unit: "percent",
    direction: "higher",
    description:
      "Customers with eol.prompted in the period who did takeback.requested, recycling.completed or resale.listed within 30 days after their first prompt in the period / customers prompted in the period. A customer whose 30 days have not passed yet is pending.",
    query: beyond.endOfLifeActionRate,
    readsUntil: { after: "endOfLifeAction" },
  },
  {
    key: "wismo_rate",
    name: "WISMO contacts per 100 orders",
    family: "post_purchase",
    unit: "ratio",
    direction: "lower",
    description:
      "support.contacted with reason wismo in the period per 100 orders in the period; the contacts and their cost (contacts x the organisation's cost per contact; null when not set) are in the breakdown.",
    query: postPurchase.wismoRate,
    readsUntil: "to",
  },
  {
    key: "wismr_rate",
    name: "WISMR contacts per 100 returns",
    family: "post_purchase",
    unit: "ratio",
    direction: "lower",
    description:
      "support.contacted with reason wismr in the period per 100 orders with a return.requested in the period (distinct orderId; an order cancelled at any time is no order and is left out); contacts and cost in the breakdown.",
    query: postPurchase.wismrRate,
  },
  {
    key: "tracking_clicks_per_order",
    name: "Tracking clicks per order",
    family: "post_purchase",
    unit: "ratio",
    direction: "higher",
    description:
      "tracking.viewed in the period / orders in the period; the breakdown gives the share of the period's orders with a tracking view of their orderId within 30 days after the order, whoever viewed it (orders younger than 30 days are pending).",
    query: postPurchase.trackingClicksPerOrder,
    readsUntil: { after: "postPurchaseFollowUp" },
  },
  {
    key: "email_click_through_per_order",
    name: "Confirmation email click-through",
    family: "post_purchase",
    unit: "percent",
    direction: "higher",
    description:
      "Orders in the period with at least one email.clicked of emailType order_confirmation carrying their orderId within 30 days after the order (whoever sent the click: through a segment, the order is its customer's) / orders in the period; orders younger than 30 days are pending.",
    query: postPurchase.emailClickThroughPerOrder,
    readsUntil: { after: "postPurchaseFollowUp" },
  },
  // 4. Value and loyalty
  {
    key: "revenue",
    name: "Revenue",
    family: "value",
    unit: "money",
    direction: "higher",
    description:
      "Totals of the orders placed in the period minus the refunds made in the period (a refund counts when it happens, so a period can be negative). Refunds are converted at the rate of their order's day. Rates: the latest in force on the order's local day; an order older than every rate of its currency takes that currency's earliest rate; an order in a currency without any rate is left out, and so are its refunds: `unconverted` counts the period's orders left out (events.md: the dashboard says how many such orders there are), `unconvertedRefunds` the period's refunds left out. Converted amounts are exact (minor units x rate), not rounded per order.",
    query: value.revenue,
    readsUntil: "to",
  },
  {
    key: "orders",
    name: "Orders",
    family: "value",
    unit: "count",
    direction: "higher",
    description: "Orders placed in the period, anonymous ones included; cancelled orders are not counted.",
    query: value.orders,
    readsUntil: "to",
  },
  {
    key: "aov",
    name: "Average order value",
    family: "value",
    unit: "money",
    direction: "higher",
    description: "Totals of the orders placed in the period / those orders (before refunds). Orders without an exchange rate are left out of both sides.",
    query: value.aov,
    readsUntil: "to",
  },
  {
    key: "purchase_frequency",
    name: "Purchase frequency",
    family: "value",
    unit: "ratio",
    direction: "higher",
    description: "Orders placed in the period by identified customers / distinct customers with an order in the period.",
    query: value.purchaseFrequency,
    readsUntil: "to",
  },
  {
    key: "new_customers",
    name: "New customers",
    family: "value",
    unit: "count",
    direction: "higher",
    description: "Customers whose first order (earliest timestamp, ties by arrival) is in the period.",
    query: value.newCustomers,
    readsUntil: "to",
  },
  {
    key: "repeat_purchase_rate",
    name: "Repeat purchase rate",
    family: "value",
    unit: "percent",
    direction: "higher",
    description: "Customers with an order in the period who have at least 2 orders before `to` / customers with an order in the period.",
    query: value.repeatPurchaseRate,
    readsUntil: "to",
  },
  {
    key: "repeat_service_rate",
    name: "Repeat service rate",
    family: "value",
    unit: "percent",
    direction: "higher",
    description:
      "Customers with an order in the period who placed another order later in the period (at least 2 orders in it; two orders at the same instant count, in arrival order) / customers with an order in the period. For the seed's \"clients who finished projects in the last six months\", ask for a six-month period.",
    query: value.repeatServiceRate,
    readsUntil: "to",
  },
  {
    key: "retention_rate",
    name: "Retention rate",
    family: "value",
    unit: "percent",
    direction: "higher",
    description:
      "Customers alive at `from` and alive at `to` / customers alive at `from`. Alive at t: an order in [t - churn window, t) or a subscription started before t and not cancelled (effective) before t.",
    query: value.retentionRate,
    readsUntil: "to",
  },
  {
    key: "churn_rate",
    name: "Churn rate",
    family: "value",
    unit: "percent",
    direction: "lower",
    description: "100 - retention rate; the breakdown gives customers_lost, the customers alive at `from` and not at `to`.",
    query: value.churnRate,
    readsUntil: "to",
  },
  {
    key: "mrr",
    name: "Monthly recurring revenue",
    family: "value",
    unit: "money",
    direction: "higher",
    description:
      "Sum of the latest `mrr` sent before `to` of each subscription alive at `to` (a paused one counts 0), converted at the rate of `to`'s day. A subscription sent without a currency is in the organisation's currency as it was at ingest; one in a currency without any exchange rate is left out of the sum and counted in `unconverted` (unless paused: it then counts 0, which needs no rate).",
    query: value.mrr,
    readsUntil: "to",
  },
  {
    key: "revenue_churn_rate",
    name: "Revenue churn rate",
    family: "value",
    unit: "percent",
    direction: "lower",
    description:
      "Sum over the subscriptions alive at `from` of max(0, MRR at `from` - MRR at `to`, taking 0 when it is no longer alive) / their MRR at `from`; recurring_value_lost in the breakdown. Each MRR is converted at the rate of its own day (`from`'s, `to`'s), as `mrr` is, so a currency move shows as churn or expansion; subscriptions in a currency without any rate are left out.",
    query: value.revenueChurnRate,
    readsUntil: "to",
  },
  {
    key: "net_revenue_retention",
    name: "Net revenue retention",
    family: "value",
    unit: "percent",
    direction: "higher",
    description:
      "MRR at `to` of the customers with MRR > 0 at `from` / their MRR at `from`, summed per customer so that a plan switch is not churn. Subscriptions of anonymous actors are left out. Each MRR is converted at the rate of its own day, as `mrr` is; subscriptions in a currency without any rate are left out.",
    query: value.netRevenueRetention,
    readsUntil: "to",
    above100: true,
  },
  {
    key: "clv_simple",
    name: "Customer lifetime value (simple)",
    family: "value",
    unit: "money",
    direction: "higher",
    description:
      "AOV x orders per customer per year x expected lifespan in years, each over the 365 days before `to` (AOV as `aov` reads it: every order of those days, anonymous ones included, those without an exchange rate left out of both sides; orders per customer as `purchase_frequency` reads it: identified customers' orders, with or without a rate, / those customers). Lifespan: the organisation's override, else 100 / churn rate over those 365 days, capped at 10 years (a churn rate of 0 gives 10); the override is taken as set (the cap bounds the churn-derived lifespan); null when neither exists.",
    query: value.clvSimple,
    readsUntil: "to",
  },
  {
    key: "clv_historical",
    name: "Customer lifetime value (historical)",
    family: "value",
    unit: "money",
    direction: "higher",
    description: `Net revenue before \`to\` (their order totals minus their refunds, both before \`to\`) of the customers with an order before \`to\` / those customers. ${NET_REVENUE_UNCONVERTED}`,
    query: value.clvHistorical,
    readsUntil: "to",
  },
  {
    key: "loyalty_adoption_rate",
    name: "Loyalty adoption rate",
    family: "value",
    unit: "percent",
    direction: "higher",
    description: "Members of the customer base B(to) with a loyalty.enrolled before `to` / B(to).",
    query: value.loyaltyAdoptionRate,
    readsUntil: "to",
  },
  {
    key: "points_redemption_rate",
    name: "Points redemption rate",
    family: "value",
    unit: "percent",
    direction: "higher",
    description:
      "Loyalty points redeemed before `to` / points earned before `to`: the programme's lifetime, as loyalty vendors report it. The period's own earned and redeemed points are in the breakdown. It passes 100 % when more points were redeemed than the events sent say were earned (balances granted before tracking began, or points earned outside the events): shown as computed, not capped, so the gap is visible.",
    query: value.pointsRedemptionRate,
    readsUntil: "to",
    above100: true,
  },
  {
    key: "loyalty_member_aov_lift",
    name: "Loyalty member AOV lift",
    family: "value",
    unit: "ratio",
    direction: "higher",
    description:
      "AOV of the period's orders by customers enrolled before the order / AOV of the period's orders by identified customers not enrolled at that time (anonymous orders are in neither). Orders without an exchange rate are left out of both sides of each AOV and of the breakdown's order counts, as in `aov`.",
    query: value.loyaltyMemberAovLift,
    readsUntil: "to",
  },

  // Survey-based metrics of sections 1 and 2
  {
    key: "dpp_feedback_score",
    name: "DPP feedback score",
    family: "beyond",
    unit: "score",
    direction: "higher",
    description: "Mean score (1-5) of the dpp_feedback survey responses in the period; the count is in the breakdown.",
    query: voice.dppFeedbackScore,
    readsUntil: "to",
  },
  {
    key: "exit_survey_reasons",
    name: "Exit survey reasons",
    family: "checkout",
    unit: "table",
    direction: "lower",
    description: 'exit survey responses in the period counted by reason (answers without a reason as "unspecified"), most frequent first.',
    query: voice.exitSurveyReasons,
    readsUntil: "to",
  },

  // 2. Checkout and abandonment
  {
    key: "checkout_abandonment_rate",
    name: "Checkout abandonment rate",
    family: "checkout",
    unit: "percent",
    direction: "lower",
    description:
      `Abandoned checkouts started in the period / checkouts started in the period. ${CHECKOUT_RULES}`,
    query: checkout.checkoutAbandonmentRate,
    readsUntil: { after: "abandonmentWindow" },
  },
  {
    key: "checkout_step_exits",
    name: "Checkout step exits",
    family: "checkout",
    unit: "table",
    direction: "lower",
    description:
      `Per step of the organisation's step order, over checkouts started in the period: abandoned checkouts whose last step (the furthest step viewed with their checkoutId, at any time: a return through a recovery link days later counts) it is, checkouts that reached it (viewed it or a later step), and exit rate = exits / reached as a percent (0-100); abandoned checkouts that viewed no step are counted aside. The heatmap gives the same per ISO week (Monday first, organisation time zone) of the start. ${CHECKOUT_RULES}`,
    query: checkout.checkoutStepExits,
  },
  {
    key: "sustainability_abandonment_rate",
    name: "Abandonment with sustainability views",
    family: "checkout",
    unit: "percent",
    direction: "lower",
    description:
      `Abandonment rate of the period's checkouts with a dpp.viewed or sustainability.info_viewed during them; the breakdown gives the rate of those without and the difference in percentage points. ${DURING_CHECKOUT} ${CHECKOUT_RULES}`,
    query: checkout.sustainabilityAbandonmentRate,
    readsUntil: { after: "abandonmentWindow" },
  },
  {
    key: "policy_abandonment_impact",
    name: "Policy view abandonment impact",
    family: "checkout",
    unit: "ratio",
    direction: "lower",
    description:
      `Abandonment rate of the period's checkouts with a policy.viewed during them / that of checkouts without one (null when the latter is 0 or empty). Per policy in the breakdown: the rate of checkouts where that policy was viewed, over the same without-any-policy rate. ${DURING_CHECKOUT} ${CHECKOUT_RULES}`,
    query: checkout.policyAbandonmentImpact,
    readsUntil: { after: "abandonmentWindow" },
  },
  {
    key: "cart_recovery_conversion_rate",
    name: "Cart recovery conversion rate",
    family: "checkout",
    unit: "percent",
    direction: "higher",
    description:
      "Checkouts whose first-ever cart.recovery_sent is in the period and strictly before any completion, completed (checkout.completed or an order carrying the id) within 7 x 24 h after that message / such checkouts; by the first message's nudge and channel in the breakdown. Messages less than 7 days old are pending. The checkout need not have a checkout.started; its customer is its starter's, else the message's.",
    query: checkout.cartRecoveryConversionRate,
  },
  {
    key: "checkout_variant_abandonment",
    name: "Checkout A/B variants",
    family: "checkout",
    unit: "table",
    direction: "lower",
    description:
      `Abandonment rate per variant of the period's checkouts (the variant of the first checkout.started naming one, else of the first step view naming one; checkouts without a variant are left out), with a two-sided pooled two-proportion z-test p-value against the control: the organisation's control variant when it has checkouts in the period, else the variant with the most decided (not pending) checkouts (ties: the first name in code-point order). The p-value is null for the control and when the pooled rate is 0 or 100 %. ${CHECKOUT_RULES}`,
    query: checkout.checkoutVariantAbandonment,
  },
  {
    key: "conversion_rate",
    name: "Session conversion rate",
    family: "checkout",
    unit: "percent",
    direction: "higher",
    description:
      "Sessions started in the period that converted / sessions started in the period. An order (not cancelled) converts one session: its actor's session (one the actor owns) with the latest view at or before the order (ties by arrival), if that view is at most 30 minutes before it; a session's views include other actors' views under its sessionId. Views are page.viewed and product.viewed; a session is one sessionId, or, without one, an actor's views with no gap over 30 minutes (exactly 30 minutes continues it); it belongs to the actor (customer, else anonymous id) of its first view and to the period of its first view. A segment keeps the sessions whose first view's customer is in it.",
    query: sessions.conversionRate,
  },
  {
    key: "bounce_rate",
    name: "Bounce rate",
    family: "checkout",
    unit: "percent",
    direction: "lower",
    description: "Sessions started in the period with exactly one view / sessions started in the period. Views are page.viewed and product.viewed; a session is one sessionId, or, without one, an actor's views with no gap over 30 minutes (exactly 30 minutes continues it); it belongs to the actor (customer, else anonymous id) of its first view and to the period of its first view. A segment keeps the sessions whose first view's customer is in it.",
    query: sessions.bounceRate,
  },
  {
    key: "pages_per_session",
    name: "Pages per session",
    family: "checkout",
    unit: "ratio",
    direction: "higher",
    description: "Views in the sessions started in the period (all their views, even after `to`) / sessions started in the period. Views are page.viewed and product.viewed; a session is one sessionId, or, without one, an actor's views with no gap over 30 minutes (exactly 30 minutes continues it); it belongs to the actor (customer, else anonymous id) of its first view and to the period of its first view. A segment keeps the sessions whose first view's customer is in it.",
    query: sessions.pagesPerSession,
  },

  // 5. Relationship and voice of the customer
  {
    key: "nps",
    name: "Net Promoter Score",
    family: "voice",
    unit: "score",
    direction: "higher",
    description: "% promoters (9-10) - % detractors (0-6) of the nps survey responses in the period, from -100 to 100; the breakdown gives the count and percent of each group (per bucket of the series too).",
    query: voice.nps,
    readsUntil: "to",
    seriesBreakdown: true,
  },
  {
    key: "ces",
    name: "Customer effort score",
    family: "voice",
    unit: "score",
    direction: "higher",
    description: 'Mean score of the ces responses in the period, 1-7 on the agree scale of "The company made it easy for me to ..." (higher is easier).',
    query: voice.ces,
    readsUntil: "to",
  },
  {
    key: "csat",
    name: "Customer satisfaction",
    family: "voice",
    unit: "percent",
    direction: "higher",
    description: "csat responses of 4 or 5 / csat responses in the period.",
    query: voice.csat,
    readsUntil: "to",
  },
  {
    key: "survey_response_rate",
    name: "Survey response rate",
    family: "voice",
    unit: "percent",
    direction: "higher",
    description:
      "survey.sent in the period (each send a case) answered by a survey.responded of the same actor and kind at or after the send, within 14 days and before that actor's next send of that kind / sends in the period; pooled over kinds, per kind in the breakdown. Sends less than 14 days old are pending.",
    query: voice.surveyResponseRate,
    readsUntil: { after: "surveyResponse" },
  },
  {
    key: "cohort_retention",
    name: "Cohort retention",
    family: "voice",
    unit: "table",
    direction: "higher",
    description:
      "Customers whose first order is in the period, by local month of that order x calendar months since (0 = the first month, up to the month holding the last instant before `to`): how many ordered in that month (orders before `to` only: when `to` falls inside a month, its column holds the part of that month before `to`, so a past period's table does not change as later orders arrive), their share as a fraction (0-1, 4 decimals: api.md's `retention[k] = customers[k] / size`, unlike the catalog's percents), and that month's net revenue (orders minus refunds, up to `to`; orders without an exchange rate and their refunds left out) per cohort customer (2 decimals).",
    query: voice.cohortRetention,
    readsUntil: "to",
  },

  // 6. Journey stages (repeat_service_rate and referral_rate are above)
  {
    key: "welcome_call_booking_rate",
    name: "Welcome call booking rate",
    family: "journey",
    unit: "percent",
    direction: "higher",
    description:
      "New customers of the period (first order in it) with onboarding.call_booked within 14 days after their first order / new customers of the period. Customers whose 14 days have not passed yet are pending.",
    query: journey.welcomeCallBookingRate,
    readsUntil: { after: "onboardingCall" },
  },
  {
    key: "request_response_hours",
    name: "Request response time",
    family: "journey",
    unit: "hours",
    direction: "lower",
    description:
      "Median hours (percentile_cont 0.5) from request.created (the first one of its requestId) to the first request.responded of that requestId at or after it, over requests created in the period and answered; unanswered ones are counted in the breakdown.",
    query: journey.requestResponseHours,
  },
  {
    key: "portal_logins_per_week",
    name: "Portal logins per week",
    family: "journey",
    unit: "ratio",
    direction: "higher",
    description: "portal.login by identified customers in the period / customers active in the period / weeks in the period (its length in hours / 168: a week across a daylight-saving change is 167 or 169 hours, 0.994 or 1.006 weeks).",
    query: journey.portalLoginsPerWeek,
    readsUntil: "to",
  },
  {
    key: "deliverable_review_hours",
    name: "Deliverable review time",
    family: "journey",
    unit: "hours",
    direction: "lower",
    description:
      "Median hours from deliverable.shared (the first of its deliverableId) to the first deliverable.reviewed of that deliverableId at or after it, over deliverables shared in the period and reviewed; unreviewed ones are counted in the breakdown.",
    query: journey.deliverableReviewHours,
  },

  // 7. Industry frameworks
  {
    key: "trial_to_paid_rate",
    name: "Trial to paid",
    family: "industry",
    unit: "percent",
    direction: "higher",
    description:
      "Customers with trial.started in the period whose first such trial in it was followed, within 30 x 24 h (the trial's start included), by a subscription.started with mrr > 0 / customers with trial.started in the period. Trials less than 30 days old are pending.",
    query: industry.trialToPaidRate,
    readsUntil: { after: "trialConversion" },
  },
  ...([
    ["dau", "Daily active customers", 1],
    ["wau", "Weekly active customers", 7],
    ["mau", "Monthly active customers", 30],
  ] as const).map(([key, name, days]) => ({
    key,
    name,
    family: "industry" as const,
    unit: "count" as const,
    direction: "higher" as const,
    description: `Mean over the local days the period touches of the distinct identified customers active (a customer-initiated event, custom events included) in the ${days === 1 ? "day itself" : `${days} local days ending with that day, the day included (the window looks back before \`from\`)`}; activity at or after \`to\` is never counted.`,
    query: industry.activeUsers(days),
    readsUntil: "to" as const,
  })),
  {
    key: "feature_adoption_rate",
    name: "Feature adoption rate",
    family: "industry",
    unit: "percent",
    direction: "higher",
    description: "Customers with any feature.used in the period / customers active in the period; the same per feature in the breakdown.",
    query: industry.featureAdoptionRate,
    readsUntil: "to",
  },
  {
    key: "avg_watch_minutes",
    name: "Average watch minutes",
    family: "industry",
    unit: "ratio",
    direction: "higher",
    description:
      "Sum of durationSeconds / 60 of content.engaged with contentType = video in the period / distinct viewers (actors, anonymous ones included; an event without a duration adds 0 minutes but makes a viewer).",
    query: industry.avgWatchMinutes,
    readsUntil: "to",
  },
  {
    key: "content_shares",
    name: "Content shares",
    family: "industry",
    unit: "count",
    direction: "higher",
    description: "content.shared events in the period, anonymous ones included.",
    query: industry.eventCount("content.shared"),
    readsUntil: "to",
  },
  {
    key: "content_comments",
    name: "Content comments",
    family: "industry",
    unit: "count",
    direction: "higher",
    description: "content.commented events in the period, anonymous ones included.",
    query: industry.eventCount("content.commented"),
    readsUntil: "to",
  },
  {
    key: "appointment_adherence",
    name: "Appointment adherence",
    family: "industry",
    unit: "percent",
    direction: "higher",
    description:
      "Distinct appointmentIds with appointment.attended in the period / distinct appointmentIds with appointment.attended or appointment.missed in the period.",
    query: industry.appointmentAdherence,
    readsUntil: "to",
  },
  {
    key: "medication_adherence",
    name: "Medication adherence",
    family: "industry",
    unit: "percent",
    direction: "higher",
    description:
      "doseIds scheduled in the period (by their first medication.dose_scheduled) with a medication.dose_taken from the scheduled time (included) to 24 h after it (excluded) / doseIds scheduled in the period. Doses scheduled less than 24 h ago are pending.",
    query: industry.medicationAdherence,
    readsUntil: { after: "doseTaken" },
  },
  {
    key: "patient_portal_usage",
    name: "Patient portal usage",
    family: "industry",
    unit: "percent",
    direction: "higher",
    description: "Customers with portal.login in the period / customers active in the period.",
    query: industry.patientPortalUsage,
    readsUntil: "to",
  },
];

const BY_KEY = new Map(METRICS.map((m) => [m.key, m]));

export function listMetrics(): readonly MetricDefinition[] {
  return METRICS;
}

export function getMetric(key: string): MetricDefinition | undefined {
  return BY_KEY.get(key);
}
