import { formatMetricValue, formatNumber } from "@/lib/metrics/format";

/** Tick and tooltip text for a metric's unit: compact money on axes, the full value in tooltips. */
export function unitFormatter(unit: string, currency: string, compact: boolean): (value: number | string | null) => string {
  return (value) => (typeof value === "number" ? formatMetricValue(value, unit, currency, { compact }) : String(value ?? ""));
}

/**
 * Axis ticks with as many decimals as the step between them needs: 0.05 % steps print "0.05 %",
 * not "0.1 %" twice.
 */
export function tickFormatter(unit: string, currency: string): (value: number | string, index: number, ticks: { value: number }[]) => string {
  const compact = unitFormatter(unit, currency, true);
  return (value, _index, ticks) => {
    const v = typeof value === "number" ? value : Number(value);
    if (unit === "money") return compact(v);
    const step = ticks.length > 1 ? Math.abs(ticks[1]!.value - ticks[0]!.value) : 1;
    const decimals = step > 0 ? Math.min(4, Math.max(0, -Math.floor(Math.log10(step)))) : 0;
    const text = formatNumber(v, decimals);
    return unit === "percent" ? `${text} %` : unit === "hours" ? `${text} h` : text;
  };
}
