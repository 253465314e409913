import { describe, expect, it } from "vitest";
import { formatChange, formatMetricValue } from "./format";

describe("metric values as people read them", () => {
  it("by unit: percent, money in the currency, ratios, hours; null is an em dash", () => {
    expect(formatMetricValue(52.1277, "percent", "EUR")).toBe("52.1 %");
    expect(formatMetricValue(85844.1223, "money", "EUR")).toBe("€85,844.12");
    expect(formatMetricValue(1234.5, "money", "JPY")).toBe("JP¥1,235");
    expect(formatMetricValue(138.66, "money", "EUR", { whole: true })).toBe("€139");
    expect(formatMetricValue(1.2686, "ratio", "EUR")).toBe("1.27");
    expect(formatMetricValue(16.185, "hours", "EUR")).toBe("16.2 h");
    expect(formatMetricValue(655, "count", "EUR")).toBe("655");
    expect(formatMetricValue(69.6556, "count", "EUR")).toBe("69.7");
    expect(formatMetricValue(null, "percent", "EUR")).toBe("—");
  });

  it("a negative that rounds to zero reads without a sign; real negatives keep theirs", () => {
    expect(formatMetricValue(-0.4, "money", "EUR", { whole: true })).toBe("€0");
    expect(formatMetricValue(-0.004, "money", "EUR")).toBe("€0.00");
    expect(formatMetricValue(-0.04, "percent", "EUR")).toBe("0 %");
    expect(formatMetricValue(-5.6, "money", "EUR", { whole: true })).toBe("-€6");
    expect(formatMetricValue(-12.5, "score", "EUR")).toBe("-12.5");
    expect(formatMetricValue(-0, "count", "EUR")).toBe("0");
  });

  it("a rate's change is in points, anything else relative; the tone follows the metric's direction", () => {
    expect(formatChange({ unit: "percent", direction: "lower", change: 5.5, changePct: 10.4 })).toEqual({ text: "+5.5 pts", tone: "worse" });
    expect(formatChange({ unit: "money", direction: "higher", change: 2617, changePct: 8.75 })).toEqual({ text: "+8.8 %", tone: "better" });
    expect(formatChange({ unit: "score", direction: "higher", change: -11.2, changePct: -28.57 })).toEqual({ text: "−28.6 %", tone: "worse" });
    expect(formatChange({ unit: "count", direction: "higher", change: 0.01, changePct: 0.02 })).toEqual({ text: "±0 %", tone: "flat" });
    expect(formatChange({ unit: "count", direction: "higher", change: null, changePct: null })).toEqual({ text: "no comparison", tone: "none" });
  });
});
