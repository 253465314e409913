import { INDUSTRIES, INDUSTRY_LABELS, type Industry } from "@/lib/organization-options";
import { JOURNEY_STAGES } from "@/lib/dashboard/journey";
import { suggestedWarning, type Direction } from "./status";

/**
 * Target presets an admin applies in one click. Each entry names its direction so that a preset
 * cannot silently judge a metric the wrong way round: a test holds every entry to the catalog's
 * direction. Values are starting points from commonly published figures (Baymard's ~70 % cart
 * abandonment, NPS around 30-50 for well-liked brands, SaaS net revenue retention of 100 %...), to be
 * edited to the merchant's own history. Warnings are 10 % of the target on the wrong side.
 */
export interface PresetTarget {
  key: string;
  direction: Direction;
  target: number;
  warning: number;
}

export interface Preset {
  id: string;
  label: string;
  description: string;
  targets: PresetTarget[];
}

function entry(key: string, direction: Direction, target: number, warning = suggestedWarning(target, direction)): PresetTarget {
  return { key, direction, target, warning };
}

const JOURNEY_PRESET: Preset = {
  id: "journey",
  label: "Journey stages",
  description: "The journey benchmark table: welcome calls booked 80 %, responses within 24 h, weekly portal logins, reviews within 48 h, repeat service above 60 %, referrals above 20 %.",
  targets: JOURNEY_STAGES.flatMap((s) => s.metrics.map((m) => entry(m.key, m.direction, m.defaultTarget))),
};

const INDUSTRY_TARGETS: Record<Industry, { description: string; targets: PresetTarget[] }> = {
  ecommerce: {
    description: "Conversion 3 %, checkout abandonment under 70 %, recovery 10 %, repeat purchases 30 %, NPS 40, CSAT 80 %.",
    targets: [
      entry("conversion_rate", "higher", 3),
      entry("checkout_abandonment_rate", "lower", 70),
      entry("cart_recovery_conversion_rate", "higher", 10),
      entry("repeat_purchase_rate", "higher", 30),
      entry("nps", "higher", 40, 30),
      entry("csat", "higher", 80),
    ],
  },
  saas: {
    description: "Trial to paid 15 %, revenue churn under 2 %, net revenue retention 100 %, feature adoption 25 %, NPS 30.",
    targets: [
      entry("trial_to_paid_rate", "higher", 15),
      entry("revenue_churn_rate", "lower", 2),
      entry("net_revenue_retention", "higher", 100, 95),
      entry("feature_adoption_rate", "higher", 25),
      entry("nps", "higher", 30, 20),
    ],
  },
  media: {
    description: "Content engagement 20 %, retention 40 %, 10 minutes watched per viewer, NPS 30.",
    targets: [
      entry("content_engagement_rate", "higher", 20),
      entry("retention_rate", "higher", 40),
      entry("avg_watch_minutes", "higher", 10),
      entry("nps", "higher", 30, 20),
    ],
  },
  healthcare: {
    description: "Appointment adherence 90 %, medication adherence 80 %, portal use 30 %, answers within 24 h, CSAT 85 %, NPS 50.",
    targets: [
      entry("appointment_adherence", "higher", 90),
      entry("medication_adherence", "higher", 80),
      entry("patient_portal_usage", "higher", 30),
      entry("request_response_hours", "lower", 24),
      entry("csat", "higher", 85),
      entry("nps", "higher", 50, 40),
    ],
  },
  services: {
    description: "The journey-stage targets, with CSAT 85 % and NPS 50.",
    targets: [...JOURNEY_PRESET.targets, entry("csat", "higher", 85), entry("nps", "higher", 50, 40)],
  },
};

export const PRESETS: Preset[] = [
  JOURNEY_PRESET,
  ...INDUSTRIES.map((industry) => ({ id: `industry.${industry}`, label: `${INDUSTRY_LABELS[industry]} pack`, ...INDUSTRY_TARGETS[industry] })),
];

export const PRESET_IDS = PRESETS.map((p) => p.id) as [string, ...string[]];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
