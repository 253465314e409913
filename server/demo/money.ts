import { currencyExponent } from "@/lib/money";

/** Rough rates from EUR, for pricing the catalogue in a shop's own currency (not for reporting). */
export const RATES_FROM_EUR = {
  EUR: 1,
  USD: 1.08,
  GBP: 0.86,
  CHF: 0.95,
  SEK: 11.4,
  DKK: 7.46,
  NOK: 11.6,
  PLN: 4.3,
  CZK: 25,
  CAD: 1.48,
  AUD: 1.65,
  JPY: 165,
} as const;

export type DemoCurrency = keyof typeof RATES_FROM_EUR;
export const DEMO_CURRENCIES = Object.keys(RATES_FROM_EUR) as DemoCurrency[];

export function isDemoCurrency(code: string): code is DemoCurrency {
  return Object.hasOwn(RATES_FROM_EUR, code);
}

/** Rounds to the currency's minor unit (cents, or whole yen). */
export function roundMoney(amount: number, currency: DemoCurrency): number {
  const factor = 10 ** currencyExponent(currency);
  return Math.round(amount * factor) / factor;
}

/** A catalogue price in another currency, rounded to a price a shop would print (249.00, 4,900 ¥). */
export function listPrice(eur: number, currency: DemoCurrency): number {
  if (currency === "EUR") return eur;
  const raw = eur * RATES_FROM_EUR[currency];
  if (currencyExponent(currency) === 0) return Math.max(100, Math.round(raw / 100) * 100);
  const step = raw >= 1000 ? 10 : 1;
  return Math.max(step, Math.round(raw / step) * step);
}

/** An amount in `currency` back in EUR, for loyalty points (one point per euro). */
export function toEur(amount: number, currency: DemoCurrency): number {
  return amount / RATES_FROM_EUR[currency];
}

/**
 * The exchange-rate table a demo organisation starts with: every other demo currency at the rough rate
 * above, in force from a year before the demo's "now" (older orders use the earliest rate anyway).
 * Without it the demo's GBP and USD orders would be left out of revenue as unconverted.
 */
export function demoExchangeRates(orgCurrency: DemoCurrency, now: Date): { currency: string; effectiveOn: string; rate: string }[] {
  const effectiveOn = new Date(now.getTime() - 366 * 86_400_000).toISOString().slice(0, 10);
  return DEMO_CURRENCIES.filter((c) => c !== orgCurrency).map((currency) => ({
    currency,
    effectiveOn,
    // One unit of `currency` in the organisation's currency.
    rate: (RATES_FROM_EUR[orgCurrency] / RATES_FROM_EUR[currency]).toPrecision(10),
  }));
}
