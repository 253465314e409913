import { describe, expect, it } from "vitest";
import { renderWidgetError, renderWidgetHtml, type WidgetMetric } from "./render-html";

const metric = (over: Partial<WidgetMetric> = {}): WidgetMetric => ({
  key: "revenue",
  name: "Revenue",
  unit: "money",
  direction: "higher",
  value: 1234.5,
  previous: 1000,
  change: 234.5,
  changePct: 23.45,
  series: [
    { start: "2026-06-01T00:00:00.000Z", value: 1000 },
    { start: "2026-06-08T00:00:00.000Z", value: 234.5 },
  ],
  breakdown: null,
  benchmark: null,
  ...over,
});

const page = (over: Partial<Parameters<typeof renderWidgetHtml>[0]> = {}) =>
  renderWidgetHtml({
    title: "Acme",
    view: "kpi",
    theme: { mode: "light", accent: "#17734f" },
    metrics: [metric()],
    currency: "EUR",
    timeZone: "UTC",
    interval: "week",
    periodLabel: "Last 30 days",
    nonce: "abc123",
    chartScript: "/embed/chart.js?v=4",
    ...over,
  });

describe("widget HTML", () => {
  it("a KPI carries its formatted value and change in the HTML itself", () => {
    const html = page();
    expect(html).toContain("€1,234.50");
    expect(html).toContain("+23.5 %");
    expect(html).not.toContain("<canvas");
  });

  it("escapes every text from the database: a widget named like a script stays text", () => {
    const html = page({ title: '<script>alert("x")</script>', metrics: [metric({ name: "<img src=x onerror=alert(1)>" })] });
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });

  it("a chart's data cannot close its script element, whatever a metric name holds", () => {
    const html = page({ view: "line", metrics: [metric({ name: "</script><script>alert(1)</script>" })] });
    const data = html.slice(html.indexOf('id="widget-data">'), html.indexOf("</script>", html.indexOf('id="widget-data">')));
    expect(data).toContain("\\u003c/script>\\u003cscript>");
    expect(html).toContain('<script src="/embed/chart.js?v=4" nonce="abc123" defer></script>');
    // A table of the numbers for screen readers.
    expect(html).toContain("<caption>Acme</caption>");
  });

  it("every script and style carries the nonce: nothing else may run", () => {
    const html = page({ view: "bar" });
    expect(html.match(/<script(?![^>]*type="application\/json")[^>]*>/g)!.every((tag) => tag.includes('nonce="abc123"'))).toBe(true);
    expect(html.match(/<style[^>]*>/g)!.every((tag) => tag.includes('nonce="abc123"'))).toBe(true);
  });

  it("the NPS gauge draws its value, and no answers as a dash", () => {
    expect(page({ view: "nps_gauge", metrics: [metric({ key: "nps", name: "NPS", unit: "score", value: 42.4 })] })).toContain(">42</text>");
    expect(page({ view: "nps_gauge", metrics: [metric({ key: "nps", name: "NPS", unit: "score", value: null })] })).toContain(">—</text>");
  });

  it("the funnel draws each step's checkouts against the first, with the exits", () => {
    const rows = [
      { step: "cart", reached: 200, exits: 50, exitRate: 25 },
      { step: "payment", reached: 100, exits: 20, exitRate: 20 },
    ];
    const html = page({ view: "funnel", metrics: [metric({ key: "checkout_step_exits", unit: "table", value: null, breakdown: { rows } })] });
    expect(html).toContain('style="width:100.0%"');
    expect(html).toContain('style="width:50.0%"');
    expect(html).toContain("50 left (25.0 %)");
  });

  it("the cohort heatmap shades each cell by the share retained", () => {
    const rows = [{ cohort: "2026-01", size: 20, customers: [20, 5], retention: [1, 0.25], revenuePerCustomer: [80, 12] }];
    const html = page({ view: "cohort_heatmap", metrics: [metric({ key: "cohort_retention", unit: "table", value: null, breakdown: { rows } })] });
    expect(html).toContain("2026-01 <span class=\"muted\">(20)</span>");
    expect(html).toContain("100 %");
    expect(html).toContain("25.0 %");
    expect(html).toContain("#17734f 21%");
  });

  it("an error page says why, escaped", () => {
    expect(renderWidgetError("Token <expired>", "n")).toContain("Token &lt;expired&gt;");
  });
});
