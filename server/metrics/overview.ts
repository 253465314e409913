/**
 * The headline metrics of each family: what the overview page shows as KPI cards (value, change,
 * sparkline) and what bench:metrics times as "the overview set".
 */
export const OVERVIEW_METRICS = [
  "revenue",
  "orders",
  "aov",
  "new_customers",
  "repeat_purchase_rate",
  "retention_rate",
  "churn_rate",
  "clv_simple",
  "sustainability_engagement_rate",
  "lifecycle_interactions",
  "checkout_abandonment_rate",
  "conversion_rate",
  "wismo_rate",
  "nps",
  "csat",
] as const;
