"use client";

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

// Only the pieces our charts use: the full "chart.js/auto" bundle would double the page's JavaScript.
Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);
Chart.defaults.font.family = "var(--font-geist-sans), ui-sans-serif, system-ui, sans-serif";
Chart.defaults.color = "#5b6661";
Chart.defaults.borderColor = "#e2e6e3";
// Canvas PNG exports and screenshots should not catch a chart half-way through its entrance.
Chart.defaults.animation = false;

/**
 * Series colours: the brand green first, then hues that stay apart for the common colour-vision
 * deficiencies (Okabe-Ito order) and keep 3:1 contrast on white.
 */
export const PALETTE = ["#17734f", "#0072b2", "#d55e00", "#cc79a7", "#8a6d00", "#56b4e9", "#5b6661", "#009e73"] as const;
export const PREVIOUS_COLOR = "#9aa5a0";

export { Chart };
