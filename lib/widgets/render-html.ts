import { bucketLabel } from "@/lib/dashboard/labels";
import type { ViewInterval } from "@/lib/dashboard/view";
import { formatChange, formatMetricValue } from "@/lib/metrics/format";
import { STATUS_LABELS, type Benchmark } from "@/lib/benchmarks/status";
import { PALETTE } from "@/lib/charts/palette";
import { WIDGET_VIEWS, type WidgetTheme, type WidgetView } from "./options";

/**
 * A widget as one self-contained HTML page for an iframe: no framework, no session, no cookies. The
 * numbers are in the HTML (a screen reader, a printer or a blocked script still gets them); charts are
 * drawn by Chart.js's own UMD build, served beside it and cached for a year; a few lines of inline script
 * (allowed by the page's nonce) draw them and tell the host page the height, for embed.js to resize
 * the iframe. Everything from the database is escaped: text with escapeHtml, data as JSON in a
 * non-executable script element, with "<" escaped so that no value can close it.
 */

export interface WidgetMetric {
  key: string;
  name: string;
  unit: string;
  direction: "higher" | "lower";
  value: number | null;
  previous: number | null;
  change: number | null;
  changePct: number | null;
  series: { start: string; value: number | null }[] | null;
  breakdown: Record<string, unknown> | null;
  benchmark: Benchmark | null;
}

export interface WidgetPage {
  title: string;
  view: WidgetView;
  theme: WidgetTheme;
  metrics: WidgetMetric[];
  currency: string;
  timeZone: string;
  interval: ViewInterval | null;
  periodLabel: string;
  nonce: string;
  chartScript: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** JSON safe inside <script type="application/json">: nothing in it can end the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function kpi(m: WidgetMetric, currency: string): string {
  const value = formatMetricValue(m.value, m.unit, currency);
  const change = formatChange(m);
  const status = m.benchmark?.status ? `<span class="status ${escapeHtml(m.benchmark.status)}">${escapeHtml(STATUS_LABELS[m.benchmark.status])}</span>` : "";
  return `<div class="kpi" data-metric="${escapeHtml(m.key)}"><p class="name">${escapeHtml(m.name)}</p><p class="value">${escapeHtml(value)}</p><p class="change ${change.tone}">${escapeHtml(change.text)}${change.tone === "none" ? "" : ' <span class="muted">vs previous period</span>'}</p>${status}</div>`;
}

function dataTable(page: WidgetPage): string {
  const series = page.metrics[0]?.series ?? [];
  if (!series.length || !page.interval) return "";
  const head = page.metrics.map((m) => `<th scope="col">${escapeHtml(m.name)}</th>`).join("");
  const rows = series
    .map((p, i) => `<tr><th scope="row">${escapeHtml(bucketLabel(p.start, page.interval!, page.timeZone))}</th>${page.metrics.map((m) => `<td>${escapeHtml(formatMetricValue(m.series?.[i]?.value ?? null, m.unit, page.currency))}</td>`).join("")}</tr>`)
    .join("");
  // The wrapper hides it: a table does not shrink to a 1 px box, and would make the iframe scroll.
  return `<div class="sr-only"><table><caption>${escapeHtml(page.title)}</caption><thead><tr><th scope="col">Period</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function chartData(page: WidgetPage) {
  const series = page.metrics[0]?.series ?? [];
  return {
    kind: page.view === "bar" ? "bar" : "line",
    labels: page.interval ? series.map((p) => bucketLabel(p.start, page.interval!, page.timeZone)) : [],
    datasets: page.metrics.map((m, i) => ({ label: m.name, data: (m.series ?? []).map((p) => p.value), color: i === 0 ? page.theme.accent : PALETTE[i % PALETTE.length] })),
    unit: page.metrics[0]?.unit ?? "count",
    dark: page.theme.mode === "dark",
  };
}

function gauge(m: WidgetMetric, accent: string): string {
  // NPS runs from -100 to 100: a half circle, filled from the left up to the value.
  const value = m.value === null ? null : Math.max(-100, Math.min(100, m.value));
  const angle = value === null ? 0 : ((value + 100) / 200) * Math.PI;
  const x = 100 - 80 * Math.cos(angle);
  const y = 100 - 80 * Math.sin(angle);
  const arc = value === null ? "" : `<path d="M20 100 A80 80 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}" stroke="${escapeHtml(accent)}" stroke-width="18" fill="none" stroke-linecap="round"/>`;
  return `<svg viewBox="0 0 200 115" class="gauge" role="img" aria-label="${escapeHtml(`${m.name}: ${value === null ? "no answers" : Math.round(value)}`)}"><path d="M20 100 A80 80 0 0 1 180 100" stroke="currentColor" stroke-opacity=".15" stroke-width="18" fill="none" stroke-linecap="round"/>${arc}<text x="100" y="92" text-anchor="middle" class="gauge-value">${value === null ? "—" : Math.round(value)}</text><text x="20" y="114" text-anchor="middle" class="gauge-end">-100</text><text x="180" y="114" text-anchor="middle" class="gauge-end">100</text></svg>`;
}

interface StepRow {
  step: string;
  reached: number;
  exits: number;
  exitRate: number | null;
}

/** The checkout funnel: checkouts that reached each step, as bars against the first step, with exits. */
function funnel(m: WidgetMetric): string {
  const rows = ((m.breakdown?.rows ?? []) as StepRow[]).filter((r) => typeof r.step === "string");
  const top = Math.max(1, ...rows.map((r) => r.reached));
  if (!rows.some((r) => r.reached > 0)) return `<p class="muted">No finished checkouts in this period.</p>`;
  const items = rows
    .map(
      (r) =>
        `<li><span class="step">${escapeHtml(r.step.replaceAll("_", " "))}</span><span class="bar"><span style="width:${((r.reached / top) * 100).toFixed(1)}%"></span></span><span class="num">${r.reached.toLocaleString("en-GB")}</span><span class="exits muted">${r.exits.toLocaleString("en-GB")} left${r.exitRate === null ? "" : ` (${r.exitRate.toFixed(1)} %)`}</span></li>`,
    )
    .join("");
  return `<ol class="funnel" aria-label="Checkouts reaching each step">${items}</ol>`;
}

interface CohortRow {
  cohort: string;
  size: number;
  retention: number[];
}

/** Retention by month of first order (rows) and months since (columns), shaded by the share retained. */
function cohortHeatmap(m: WidgetMetric, accent: string): string {
  const rows = (m.breakdown?.rows ?? []) as CohortRow[];
  if (!rows.length) return `<p class="muted">No first orders in this period.</p>`;
  const width = Math.max(...rows.map((r) => r.retention.length));
  const head = Array.from({ length: width }, (_, k) => `<th scope="col">${k}</th>`).join("");
  const body = rows
    .map((r) => {
      const cells = Array.from({ length: width }, (_, k) => {
        const share = r.retention[k];
        if (share === undefined) return "<td></td>";
        const text = `${(share * 100).toFixed(k === 0 ? 0 : 1)} %`;
        return `<td style="background:color-mix(in srgb, ${escapeHtml(accent)} ${Math.round(share * 85)}%, transparent);${share > 0.5 ? "color:#fff" : ""}">${text}</td>`;
      }).join("");
      return `<tr><th scope="row">${escapeHtml(r.cohort)} <span class="muted">(${r.size})</span></th>${cells}</tr>`;
    })
    .join("");
  return `<div class="heat"><table><caption class="muted">Share of each month's new customers ordering again, by months since their first order</caption><thead><tr><th scope="col">Cohort</th>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function bodyOf(page: WidgetPage): string {
  const first = page.metrics[0]!;
  switch (page.view) {
    case "kpi":
      return `<div class="kpis">${page.metrics.map((m) => kpi(m, page.currency)).join("")}</div>`;
    case "nps_gauge":
      return `${gauge(first, page.theme.accent)}${kpi(first, page.currency)}`;
    case "funnel":
      return funnel(first);
    case "cohort_heatmap":
      return cohortHeatmap(first, page.theme.accent);
    default:
      return `<div class="chart"><canvas id="chart" role="img" aria-label="${escapeHtml(`${page.title}, ${WIDGET_VIEWS[page.view].toLowerCase()}`)}"></canvas></div>${dataTable(page)}`;
  }
}

const HEX = /^#[0-9a-f]{6}$/i;

export function renderWidgetHtml(input: WidgetPage): string {
  // Checked again here: the accent goes into style attributes, which the page's CSP allows.
  const page = HEX.test(input.theme.accent) ? input : { ...input, theme: { ...input.theme, accent: "#17734f" } };
  const body = bodyOf(page);
  const needsChart = page.view === "line" || page.view === "bar";
  const dark = page.theme.mode === "dark";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(page.title)}</title>
<style nonce="${page.nonce}">
:root{--bg:${dark ? "#111714" : "#ffffff"};--ink:${dark ? "#e8ece9" : "#17211d"};--muted:${dark ? "#9aa5a0" : "#5b6661"};--line:${dark ? "#2a332e" : "#e2e6e3"};--accent:${escapeHtml(page.theme.accent)}}
*{box-sizing:border-box}html,body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{padding:16px}h1{font-size:14px;font-weight:600;margin:0}.period{color:var(--muted);font-size:12px;margin:2px 0 12px}
.kpis{display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(160px,1fr))}.kpi{border:1px solid var(--line);border-radius:12px;padding:12px}
.name{margin:0;color:var(--muted);font-size:12px}.value{margin:4px 0;font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
.change{margin:0;font-size:12px}.change.better{color:${dark ? "#5fd39f" : "#125c40"}}.change.worse{color:${dark ? "#ff8a7a" : "#b3362b"}}.muted{color:var(--muted)}
.status{display:inline-block;margin-top:6px;border-radius:999px;padding:1px 8px;font-size:11px;border:1px solid var(--line)}.status.on_track{color:#1f8a62}.status.warning{color:#b45309}.status.off_track{color:#b3362b}
.chart{position:relative;height:220px;border-radius:8px}body:not([data-ready]) .chart{background:linear-gradient(90deg,var(--line),transparent,var(--line));background-size:200% 100%;animation:wait 1.2s linear infinite}@keyframes wait{to{background-position:-200% 0}}.gauge{display:block;width:100%;max-width:280px;margin:0 auto;color:var(--ink)}.gauge-value{font-size:34px;font-weight:650;fill:var(--ink)}.gauge-end{font-size:10px;fill:var(--muted)}
.sr-only{position:absolute;top:0;left:0;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
footer{margin-top:10px;font-size:11px;color:var(--muted)}
.funnel{list-style:none;margin:0;padding:0;display:grid;gap:8px}.funnel li{display:grid;grid-template-columns:7rem 1fr 4rem 7rem;gap:8px;align-items:center;font-size:13px}
.funnel .step{text-transform:capitalize}.funnel .bar{height:14px;background:var(--line);border-radius:7px;overflow:hidden}.funnel .bar span{display:block;height:100%;background:var(--accent)}
.funnel .num{text-align:right;font-variant-numeric:tabular-nums;font-weight:600}.funnel .exits{font-size:12px}
.heat{overflow-x:auto}.heat table{border-collapse:collapse;font-size:12px;font-variant-numeric:tabular-nums}.heat th,.heat td{padding:4px 6px;text-align:right;white-space:nowrap}.heat th[scope=row]{text-align:left;font-weight:500}.heat caption{text-align:left;padding-bottom:6px;font-size:11px}
</style></head>
<body><main data-widget-view="${escapeHtml(page.view)}"><h1>${escapeHtml(page.title)}</h1><p class="period">${escapeHtml(page.periodLabel)}</p>${body}<footer>Aftercart</footer></main>
${needsChart ? `<script type="application/json" id="widget-data">${scriptJson(chartData(page))}</script><script src="${escapeHtml(page.chartScript)}" nonce="${page.nonce}" defer></script>` : ""}
<script nonce="${page.nonce}">${WIDGET_SCRIPT}</script>
</body></html>`;
}

/**
 * Draws the chart once Chart.js is there, marks the page when it is ready (for tests and screenshot
 * tools), and reports the widget's height to the host page whenever it changes. The height of <main>,
 * not of the document: an iframe's document is at least as tall as the iframe, so reporting that grew
 * the iframe and never let it shrink.
 */
const WIDGET_SCRIPT = `(function(){
function report(){var m=document.querySelector("main");parent.postMessage({type:"aftercart:widget-height",height:Math.ceil(m?m.getBoundingClientRect().height:document.body.scrollHeight)},"*")}
function draw(){var el=document.getElementById("widget-data");if(!el||!window.Chart){document.body.setAttribute("data-ready","");report();return}
var d=JSON.parse(el.textContent);var grid=d.dark?"#2a332e":"#eef0ee";var tick=d.dark?"#9aa5a0":"#5b6661";
new Chart(document.getElementById("chart"),{type:d.kind,data:{labels:d.labels,datasets:d.datasets.map(function(s){return{label:s.label,data:s.data,borderColor:s.color,backgroundColor:d.kind==="bar"?s.color:s.color+"22",borderWidth:d.kind==="bar"?0:2,pointRadius:d.labels.length<=14?2.5:0,tension:.25,cubicInterpolationMode:"monotone",spanGaps:false,fill:d.kind==="line"&&d.datasets.length===1?"origin":false}})},
options:{responsive:true,maintainAspectRatio:false,animation:false,interaction:{mode:"index",intersect:false},plugins:{legend:{display:d.datasets.length>1,labels:{color:tick,boxWidth:12}}},scales:{x:{grid:{display:false},ticks:{color:tick,maxRotation:0,autoSkipPadding:12}},y:{beginAtZero:true,grid:{color:grid},ticks:{color:tick,maxTicksLimit:5}}}}});
document.body.setAttribute("data-ready","");report()}
if(document.readyState==="complete")draw();else window.addEventListener("load",draw);
if(window.ResizeObserver)new ResizeObserver(report).observe(document.querySelector("main"));
})();`;

export function renderWidgetError(message: string, nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Widget unavailable</title>
<style nonce="${nonce}">body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#5b6661;background:transparent}p{margin:0;padding:16px;border:1px dashed #e2e6e3;border-radius:12px}</style></head>
<body><p role="alert" data-widget-error>${escapeHtml(message)}</p><script nonce="${nonce}">parent.postMessage({type:"aftercart:widget-height",height:document.documentElement.scrollHeight},"*")</script></body></html>`;
}
