/**
 * The headline metrics of each family: what the overview page shows as KPI cards (value, change,
 * sparkline), grouped by family, and what bench:metrics times as "the overview set".
 */
export const OVERVIEW_SECTIONS = [
  { title: "Value and loyalty", keys: ["revenue", "orders", "aov", "new_customers", "repeat_purchase_rate", "retention_rate", "churn_rate", "clv_simple"] },
  { title: "Beyond the sale", keys: ["sustainability_engagement_rate", "lifecycle_interactions"] },
  { title: "Checkout", keys: ["checkout_abandonment_rate", "conversion_rate"] },
  { title: "Post-purchase", keys: ["wismo_rate"] },
  { title: "Voice of the customer", keys: ["nps", "csat"] },
] as const;

export const OVERVIEW_METRICS = OVERVIEW_SECTIONS.flatMap((s) => s.keys);
