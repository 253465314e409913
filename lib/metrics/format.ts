/**
 * How a metric value reads on screen, by its catalog unit. Exports (CSV) keep the raw numbers; only
 * people get these strings.
 */
export type MetricUnit = "percent" | "count" | "money" | "score" | "hours" | "ratio" | "table";

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let format = cache.get(key);
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

/**
 * A small negative that rounds to zero at the shown precision reads "0" and "€0", not "-0" and "-€0"
 * (a cohort month whose refunds just outweigh its orders). Done by hand: Intl's signDisplay "negative"
 * throws in Firefox before 116, which Next's default browser targets still include.
 */
function format(formatter: Intl.NumberFormat, value: number): string {
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 0;
  return formatter.format(value <= 0 && value > -0.5 * 10 ** -digits ? 0 : value);
}

export function formatNumber(value: number, maximumFractionDigits = 0): string {
  return format(numberFormat(`n${maximumFractionDigits}`, () => new Intl.NumberFormat("en-GB", { maximumFractionDigits })), value);
}

/**
 * Money in the currency. `compact` ("€1.2K") is for chart axes only: drawn in the browser, never
 * server-rendered, because compact notation differs between ICU versions (Node printed "€11", Chromium
 * "€11.0") and would break hydration. `whole` rounds to whole units for dense tables.
 */
export function formatMoney(value: number, currency: string, style: "full" | "compact" | "whole" = "full"): string {
  const formatter = numberFormat(`m${currency}${style}`, () =>
    new Intl.NumberFormat(
      "en-GB",
      style === "compact"
        ? { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }
        : style === "whole"
          ? { style: "currency", currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }
          : { style: "currency", currency },
    ),
  );
  return format(formatter, value);
}

/** "52.1 %", "€85,844.12", "1.27×", "16.2 h"; an empty denominator reads as an em dash. */
export function formatMetricValue(value: number | null | undefined, unit: MetricUnit | string, currency: string, options: { compact?: boolean; whole?: boolean } = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  switch (unit) {
    case "percent":
      return `${formatNumber(value, 1)} %`;
    case "money":
      return formatMoney(value, currency, options.compact ? "compact" : options.whole ? "whole" : "full");
    case "count":
      return formatNumber(value, Math.abs(value) < 100 && !Number.isInteger(value) ? 1 : 0);
    case "hours":
      return `${formatNumber(value, 1)} h`;
    case "score":
      return formatNumber(value, 1);
    case "ratio":
      return formatNumber(value, 2);
    default:
      return formatNumber(value, 2);
  }
}

export type ChangeTone = "better" | "worse" | "flat" | "none";

/**
 * The change against the previous period as people read it: percentage points for rates (a rate
 * going from 40 % to 44 % is "+4.0 pts", not "+10 %"), a relative change for everything else.
 * `tone` says whether it is good news, by the metric's direction.
 */
export function formatChange(
  metric: { unit: string; direction: "higher" | "lower"; change: number | null; changePct: number | null },
): { text: string; tone: ChangeTone } {
  const points = metric.unit === "percent";
  const amount = points ? metric.change : metric.changePct;
  if (amount === null || !Number.isFinite(amount)) return { text: "no comparison", tone: "none" };
  const rounded = Math.round(amount * 10) / 10;
  if (rounded === 0) return { text: points ? "±0 pts" : "±0 %", tone: "flat" };
  const sign = rounded > 0 ? "+" : "−";
  const text = `${sign}${formatNumber(Math.abs(rounded), 1)}${points ? " pts" : " %"}`;
  const up = rounded > 0;
  return { text, tone: up === (metric.direction === "higher") ? "better" : "worse" };
}
