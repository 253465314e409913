/**
 * Series colours: the brand green first, then hues that stay apart for the common colour-vision
 * deficiencies (Okabe-Ito order) and keep 3:1 contrast on white. In lib, apart from Chart.js: the
 * dashboards' charts and the embedded widgets' (lib/widgets/render-html.ts) draw with the same colours.
 */
export const PALETTE = ["#17734f", "#0072b2", "#d55e00", "#cc79a7", "#8a6d00", "#56b4e9", "#5b6661", "#009e73"] as const;
export const PREVIOUS_COLOR = "#9aa5a0";
/** Benchmark lines: the target in ink (apart from the brand-green data line), the warning threshold in amber. */
export const TARGET_COLOR = "#17211d";
export const WARNING_COLOR = "#b45309";
