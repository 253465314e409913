const exponentCache = new Map<string, number>();

/** Digits after the decimal point of a currency's minor unit (EUR 2, JPY 0, BHD 3), from ICU. */
export function currencyExponent(currency: string): number {
  let exponent = exponentCache.get(currency);
  if (exponent === undefined) {
    exponent = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponentCache.set(currency, exponent);
  }
  return exponent;
}

/** 49.9 EUR -> 4990. Rounds half away from zero at the minor unit, as payment systems do. */
export function toMinorUnits(amount: number, currency: string): number {
  const factor = 10 ** currencyExponent(currency);
  // toPrecision(15) strips float noise (49.9 * 100 = 4990.000000000001) before rounding.
  const scaled = Number((amount * factor).toPrecision(15));
  return Math.sign(scaled) * Math.round(Math.abs(scaled));
}

export function fromMinorUnits(minor: number, currency: string): number {
  return minor / 10 ** currencyExponent(currency);
}

let knownCurrencies: Set<string> | undefined;
export function isKnownCurrency(code: string): boolean {
  knownCurrencies ??= new Set(Intl.supportedValuesOf("currency"));
  return knownCurrencies.has(code);
}
