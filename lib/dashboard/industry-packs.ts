import { INDUSTRIES, INDUSTRY_LABELS, type Industry } from "@/lib/organization-options";

/**
 * The metrics each industry watches first (metrics.md section 7 and the families it leans on). The
 * organisation's industry picks the pack shown by default; any pack can be opened.
 */
export const INDUSTRY_PACKS: Record<Industry, { label: string; why: string; keys: string[] }> = {
  ecommerce: {
    label: INDUSTRY_LABELS.ecommerce,
    why: "Sales, checkout health and repeat business.",
    keys: ["revenue", "aov", "conversion_rate", "checkout_abandonment_rate", "cart_recovery_conversion_rate", "repeat_purchase_rate", "clv_historical", "nps"],
  },
  saas: {
    label: INDUSTRY_LABELS.saas,
    why: "Trials that convert, recurring revenue and who keeps using the product.",
    keys: ["trial_to_paid_rate", "mrr", "revenue_churn_rate", "net_revenue_retention", "dau", "wau", "mau", "feature_adoption_rate"],
  },
  media: {
    label: INDUSTRY_LABELS.media,
    why: "Audience, watch time and the conversation around content.",
    keys: ["dau", "wau", "mau", "avg_watch_minutes", "content_engagement_rate", "content_shares", "content_comments", "retention_rate"],
  },
  healthcare: {
    label: INDUSTRY_LABELS.healthcare,
    why: "Adherence, portal use and how patients feel about care.",
    keys: ["appointment_adherence", "medication_adherence", "patient_portal_usage", "request_response_hours", "csat", "ces", "nps"],
  },
  services: {
    label: INDUSTRY_LABELS.services,
    why: "Onboarding, responsiveness and customers who come back and refer.",
    keys: ["welcome_call_booking_rate", "request_response_hours", "deliverable_review_hours", "repeat_service_rate", "referral_rate", "csat", "nps"],
  },
};

export function isIndustry(value: unknown): value is Industry {
  return typeof value === "string" && (INDUSTRIES as readonly string[]).includes(value);
}
