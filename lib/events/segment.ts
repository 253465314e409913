import { KNOWN_EVENT_TYPES, type KnownEventType } from "./taxonomy";

/**
 * Names shared by the Segment-compatible ingest, the tracking settings and their page: how a Segment
 * track name becomes an Aftercart type. Pure, so the settings form can preview what the server does.
 */

/** Segment's e-commerce spec v2 events Aftercart understands, and the type each becomes (events.md). */
export const SEGMENT_SPEC_EVENTS = {
  "Order Completed": "order.placed",
  "Order Refunded": "order.refunded",
  "Order Cancelled": "order.canceled",
  "Checkout Started": "checkout.started",
  "Checkout Step Viewed": "checkout.step_viewed",
  "Product Viewed": "product.viewed",
  "Product Added": "cart.item_added",
  "Product Reviewed": "review.submitted",
} as const satisfies Record<string, KnownEventType>;

// The longest key that still makes a type within the 128 characters a type may have.
const MAX_KEY_LENGTH = 128 - "segment.".length;

/**
 * snake_case of a track name: "Order Completed", "order completed", "orderCompleted" and
 * "order-completed" all give "order_completed". Accents are dropped (ü -> u); a name that starts with
 * a digit gets "event_" in front, because a type segment must start with a letter. Empty when the
 * name has no Latin letter or digit at all.
 */
export function trackNameKey(name: string): string {
  const key = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const safe = /^[0-9]/.test(key) ? `event_${key}` : key;
  return safe.slice(0, MAX_KEY_LENGTH).replace(/_+$/, "");
}

/** The custom type a track name is stored as when nothing maps it; null when it has no usable key. */
export function customTypeForTrack(name: string): string | null {
  const key = trackNameKey(name);
  return key ? `segment.${key}` : null;
}

const SPEC_BY_KEY = new Map<string, { name: string; type: KnownEventType }>(
  Object.entries(SEGMENT_SPEC_EVENTS).map(([name, type]) => [trackNameKey(name), { name, type }]),
);

/** The spec event a track name means ("order completed" is "Order Completed"), if any. */
export function specEventFor(name: string): { name: string; type: KnownEventType } | null {
  const key = trackNameKey(name);
  return (key && SPEC_BY_KEY.get(key)) || null;
}

/**
 * The types an organisation may map a track name to. Identity is not among them: traits arrive with
 * identify calls, which are mapped on their own.
 */
export const MAPPABLE_EVENT_TYPES = KNOWN_EVENT_TYPES.filter((type) => type !== "customer.identified");
