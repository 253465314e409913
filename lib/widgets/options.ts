import { RANGE_PRESETS, INTERVAL_LABELS, type RangePreset, type ViewInterval } from "@/lib/dashboard/view";

/**
 * What a widget can be: its views, period presets and the parameters a viewer may change. The builder,
 * the validation and the embed renderer read these lists; a view is offered only once it renders.
 */
export const WIDGET_VIEWS = {
  kpi: "KPI cards",
  line: "Line chart",
  bar: "Bar chart",
  funnel: "Checkout funnel",
  nps_gauge: "NPS gauge",
  cohort_heatmap: "Cohort retention heatmap",
} as const;
export type WidgetView = keyof typeof WIDGET_VIEWS;

/** Views that show one particular metric; the others show the metrics the builder picks. */
export const SINGLE_METRIC_VIEWS: Partial<Record<WidgetView, string>> = {
  funnel: "checkout_step_exits",
  nps_gauge: "nps",
  cohort_heatmap: "cohort_retention",
};

export const WIDGET_RANGES = Object.keys(RANGE_PRESETS).filter((r) => r !== "custom") as Exclude<RangePreset, "custom">[];
export type WidgetRange = (typeof WIDGET_RANGES)[number];
export const WIDGET_INTERVALS = Object.keys(INTERVAL_LABELS) as ViewInterval[];

/** Parameters a widget may let its viewer change in the embed URL; everything else is fixed or locked. */
export const VIEWER_PARAMS = ["range", "interval"] as const;
export type ViewerParam = (typeof VIEWER_PARAMS)[number];

export const MAX_WIDGET_METRICS = 4;

export interface WidgetTheme {
  mode: "light" | "dark";
  accent: string;
}
