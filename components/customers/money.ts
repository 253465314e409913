import { fromMinorUnits } from "@/lib/money";

const formats = new Map<string, Intl.NumberFormat>();

/** 12550 EUR -> "€125.50", in the currency's own minor unit (JPY has none). */
export function formatMinor(minor: number, currency: string): string {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat("en-GB", { style: "currency", currency });
    formats.set(currency, format);
  }
  return format.format(fromMinorUnits(minor, currency));
}
