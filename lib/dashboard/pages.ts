/**
 * The dashboard pages, one per metric family (plus cohorts), in navigation order. A KPI card links
 * to its family's page through `FAMILY_PAGE`.
 */
export const DASHBOARD_PAGES = [
  { path: "", label: "Overview" },
  { path: "/beyond", label: "Beyond the sale" },
  { path: "/checkout", label: "Checkout" },
  { path: "/post-purchase", label: "Post-purchase" },
  { path: "/value", label: "Value and loyalty" },
  { path: "/voice", label: "Voice of the customer" },
  { path: "/journey", label: "Journey" },
  { path: "/cohorts", label: "Cohorts" },
  { path: "/industry", label: "Industry packs" },
] as const;

export const FAMILY_PAGE: Record<string, string> = {
  beyond: "/beyond",
  checkout: "/checkout",
  post_purchase: "/post-purchase",
  value: "/value",
  voice: "/voice",
  journey: "/journey",
  industry: "/industry",
};
