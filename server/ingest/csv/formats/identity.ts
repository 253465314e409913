import type { Row } from "../rows";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * The customer id of a row. An email serving as the id is lower-cased, so that "Ana@Shop.com" in one
 * export and "ana@shop.com" in another are one customer.
 */
export function customerIdOf(row: Row, field = "customerId"): string | undefined {
  const value = row.text(field);
  if (value === undefined) return undefined;
  if (EMAIL.test(value)) return value.toLowerCase();
  // Spreadsheets turn numeric ids into floats on the way out: "13085.0" is customer 13085.
  return /^\d+\.0+$/.test(value) ? value.replace(/\.0+$/, "") : value;
}

/** Orders without a customer are kept as guest orders under an anonymous id of their own. */
export function guestId(orderId: string): string {
  return `anon:${orderId}`;
}
