"use client";

import { useEffect, useRef } from "react";
import type { ChartData, ChartOptions } from "chart.js";
import { Chart as ReactChart } from "react-chartjs-2";
import { PALETTE } from "@/lib/charts/palette";
import "./register";
import { tickFormatter, unitFormatter } from "./format-axis";

export interface Dataset {
  label: string;
  data: (number | null)[];
  color?: string;
  /** Drawn dashed and without fill: a comparison or a target, not the thing itself. */
  dashed?: boolean;
}

interface ChartProps {
  labels: string[];
  datasets: Dataset[];
  unit: string;
  currency: string;
  /** What the chart shows, for screen readers (the data table beside it has the numbers). */
  ariaLabel: string;
  height?: number;
  stacked?: boolean;
  horizontal?: boolean;
  /** The value axis starts at zero (bars always do). */
  fromZero?: boolean;
  /** Upper bound of the value axis (100 for shares that stack to 100 %). */
  max?: number;
}

function options(props: ChartProps, kind: "line" | "bar"): ChartOptions<"line" | "bar"> {
  const tick = tickFormatter(props.unit, props.currency);
  const full = unitFormatter(props.unit, props.currency, false);
  const valueAxis = {
    beginAtZero: kind === "bar" || props.fromZero !== false,
    stacked: props.stacked,
    max: props.max,
    ticks: { callback: tick, maxTicksLimit: 6 },
    grid: { color: "#eef0ee" },
  };
  const categoryAxis = { stacked: props.stacked, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0, autoSkipPadding: 12 } };
  return {
    responsive: true,
    maintainAspectRatio: false,
    indexAxis: props.horizontal ? "y" : "x",
    interaction: { mode: "index", intersect: false },
    plugins: {
      legend: { display: props.datasets.length > 1, position: "bottom", labels: { boxWidth: 12, boxHeight: 12 } },
      tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${full(item.parsed[props.horizontal ? "x" : "y"] as number | null)}` } },
    },
    scales: props.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
  };
}

function data(props: ChartProps, kind: "line" | "bar"): ChartData<"line" | "bar"> {
  return {
    labels: props.labels,
    datasets: props.datasets.map((d, i) => {
      const color = d.color ?? PALETTE[i % PALETTE.length]!;
      return {
        label: d.label,
        data: d.data,
        borderColor: color,
        backgroundColor: kind === "bar" ? color : `${color}1f`,
        borderDash: d.dashed ? [6, 4] : undefined,
        borderWidth: kind === "bar" ? 0 : 2,
        borderRadius: kind === "bar" ? 3 : undefined,
        // Points where a line has gaps (days without answers), or few enough to see: a lone value between gaps is no line at all.
        pointRadius: kind === "line" && !d.dashed && (props.labels.length <= 14 || d.data.some((v) => v === null)) ? 2.5 : 0,
        pointHoverRadius: 4,
        fill: kind === "line" && !d.dashed && props.datasets.length === 1 && !d.data.some((v) => v === null) ? "origin" : false,
        tension: 0.25,
        // Monotone: a smooth line that never overshoots below 0 % or above the highest value.
        cubicInterpolationMode: "monotone",
        spanGaps: false,
        maxBarThickness: 36,
      };
    }),
  };
}

function ChartBox({ props, kind }: { props: ChartProps; kind: "line" | "bar" }) {
  const box = useRef<HTMLDivElement>(null);
  // react-chartjs-2 creates and draws the chart in its own effect, which runs before this one: from
  // here on the canvas holds the picture ("Download PNG" waits for this mark).
  useEffect(() => {
    box.current?.setAttribute("data-chart-ready", "");
  }, []);
  return (
    <div ref={box} style={{ height: props.height ?? 240 }} className="relative">
      <ReactChart type={kind} data={data(props, kind)} options={options(props, kind)} role="img" aria-label={props.ariaLabel} />
    </div>
  );
}

export function LineChart(props: ChartProps) {
  return <ChartBox props={props} kind="line" />;
}

export function BarChart(props: ChartProps) {
  return <ChartBox props={props} kind="bar" />;
}
