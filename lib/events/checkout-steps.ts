/**
 * The checkout steps in the order a shopper meets them (metrics.md "Checkouts"). An organisation may
 * set its own order later; until it does, this is the order every checkout is read in.
 */
export const DEFAULT_CHECKOUT_STEPS = ["cart", "information", "shipping", "payment", "review"] as const;

/**
 * The name of the step at a position, counted from 1 as Segment's e-commerce spec counts them
 * ("Checkout Step Viewed", step 1 is the first step). Null outside 1..length: the caller says why.
 */
export function checkoutStepName(position: number, order: readonly string[] = DEFAULT_CHECKOUT_STEPS): string | null {
  if (!Number.isInteger(position) || position < 1 || position > order.length) return null;
  return order[position - 1]!;
}

/** The 1-based position of a named step, or null when the order has no such step. */
export function checkoutStepPosition(name: string, order: readonly string[] = DEFAULT_CHECKOUT_STEPS): number | null {
  const index = order.indexOf(name);
  return index === -1 ? null : index + 1;
}

/** "1 cart, 2 information, …" for messages that tell a sender which numbers exist. */
export function describeCheckoutSteps(order: readonly string[] = DEFAULT_CHECKOUT_STEPS): string {
  return order.map((name, i) => `${i + 1} ${name}`).join(", ");
}
