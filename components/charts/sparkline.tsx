"use client";

import { Chart as ReactChart } from "react-chartjs-2";
import { PALETTE } from "@/lib/charts/palette";
import "./register";

/** A KPI card's trend: no axes, no tooltip, the shape only (the card says the number). */
export function Sparkline({ values, color = PALETTE[0] }: { values: (number | null)[]; color?: string }) {
  if (values.filter((v) => v !== null).length < 2) return <div className="h-10" aria-hidden />;
  return (
    <div className="h-10" aria-hidden>
      <ReactChart
        type="line"
        data={{ labels: values.map((_, i) => i), datasets: [{ data: values, borderColor: color, borderWidth: 1.5, pointRadius: 0, tension: 0.3, fill: false, spanGaps: true }] }}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          events: [],
          plugins: { legend: { display: false }, tooltip: { enabled: false } },
          scales: { x: { display: false }, y: { display: false } },
        }}
      />
    </div>
  );
}
