"use client";

import dynamic from "next/dynamic";
import type { ComponentProps } from "react";
import type * as Charts from "./charts";
import type * as Spark from "./sparkline";

/**
 * The charts as the pages use them: Chart.js (60 KB gzipped, most of a dashboard's JavaScript) is
 * fetched beside the page instead of in its first load. A canvas chart never renders on the server
 * anyway, so nothing is lost: the numbers, the data tables and the KPI values are in the HTML, and
 * each chart keeps its height while its code arrives (no layout shift).
 */
const LazyLine = dynamic(() => import("./charts").then((m) => m.LineChart), { ssr: false });
const LazyBar = dynamic(() => import("./charts").then((m) => m.BarChart), { ssr: false });
const LazySparkline = dynamic(() => import("./sparkline").then((m) => m.Sparkline), { ssr: false });

type ChartProps = ComponentProps<typeof Charts.LineChart>;

export function LineChart(props: ChartProps) {
  return (
    <div style={{ minHeight: props.height ?? 240 }}>
      <LazyLine {...props} />
    </div>
  );
}

export function BarChart(props: ChartProps) {
  return (
    <div style={{ minHeight: props.height ?? 240 }}>
      <LazyBar {...props} />
    </div>
  );
}

export function Sparkline(props: ComponentProps<typeof Spark.Sparkline>) {
  return (
    <div className="h-10">
      <LazySparkline {...props} />
    </div>
  );
}

export type { Dataset } from "./charts";
