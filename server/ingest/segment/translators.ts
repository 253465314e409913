import { checkoutStepName, checkoutStepPosition, DEFAULT_CHECKOUT_STEPS, describeCheckoutSteps } from "@/lib/events/checkout-steps";
import type { KnownEventType } from "@/lib/events/taxonomy";
import { isPlainObject, type Json } from "./envelope";
import { renameForType, renameKnownKeys, withDefined } from "./properties";

/**
 * Per Aftercart type, how Segment's e-commerce properties become the taxonomy's. Keyed by the target
 * type rather than the Segment name, so a track name an organisation maps to order.placed gets the
 * same treatment as "Order Completed". Types without an entry only get their snake_case keys renamed.
 */

export type Translation = { ok: true; properties: Json } | { ok: false; code: string; message: string };
type Translator = (properties: Json, options: { label: string; checkoutSteps: readonly string[] }) => Translation;

const ITEM_KEYS = ["productId", "quantity", "price", "sustainable"];

const ok = (properties: Json): Translation => ({ ok: true, properties });

const TRANSLATORS: Partial<Record<KnownEventType, Translator>> = {
  "order.placed": (p) => {
    const { products, revenue, ...rest } = renameForType(p, "order.placed");
    const out: Json = { ...rest };
    // Segment's total is what was charged; revenue (without shipping and tax) is the fallback.
    if (out.total === undefined || out.total === null) out.total = revenue;
    else if (revenue !== undefined) out.revenue = revenue;
    // products[] becomes items[] rather than travelling twice: an order's event must stay under 32 KB.
    if (out.items === undefined && Array.isArray(products)) {
      out.items = products.map((product) => (isPlainObject(product) ? renameKnownKeys(product, ITEM_KEYS) : product));
    } else if (products !== undefined) {
      out.products = products;
    }
    return ok(withDefined({}, out));
  },

  "order.refunded": (p) => {
    const out = renameForType(p, "order.refunded");
    // Segment's "Order Refunded" says how much with total; without it the whole order is refunded.
    if (out.amount === undefined && typeof out.total === "number") out.amount = out.total;
    return ok(out);
  },

  "checkout.started": (p) => {
    const out = renameForType(p, "checkout.started");
    if (out.checkoutId === undefined) out.checkoutId = p.order_id ?? p.orderId;
    if (out.shippingCost === undefined && p.shipping !== undefined) out.shippingCost = p.shipping;
    return ok(out);
  },

  "checkout.step_viewed": (p, { label, checkoutSteps }) => {
    const out = renameForType(p, "checkout.step_viewed");
    const position = stepPosition(out.step, checkoutSteps);
    if (position === null) {
      return {
        ok: false,
        code: "invalid_property",
        message:
          `${label}: properties.step must be a whole number from 1 to ${checkoutSteps.length} ` +
          `(the checkout steps, counted from 1: ${describeCheckoutSteps(checkoutSteps)}); got ${JSON.stringify(out.step)}`,
      };
    }
    return ok({ ...out, step: checkoutStepName(position, checkoutSteps), stepIndex: position });
  },

  "review.submitted": (p) => {
    const out = renameForType(p, "review.submitted");
    // Segment's spec types the star rating as a string.
    if (typeof out.rating === "string" && /^\s*\d+\s*$/.test(out.rating)) out.rating = Number(out.rating);
    return ok(out);
  },
};

/**
 * Segment numbers steps (1 is the first); a numeric string is read as its number, and the name of a
 * step in the order is accepted as that step.
 */
function stepPosition(step: unknown, order: readonly string[]): number | null {
  if (typeof step === "number") return checkoutStepName(step, order) === null ? null : step;
  if (typeof step !== "string") return null;
  const text = step.trim();
  if (/^\d+$/.test(text)) return stepPosition(Number(text), order);
  return checkoutStepPosition(text.toLowerCase(), order);
}

export function translateProperties(type: KnownEventType, properties: Json, label: string, checkoutSteps: readonly string[] = DEFAULT_CHECKOUT_STEPS): Translation {
  const translate = TRANSLATORS[type];
  return translate ? translate(properties, { label, checkoutSteps }) : ok(renameForType(properties, type));
}
