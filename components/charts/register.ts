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
