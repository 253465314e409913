import { EVENT_TYPES, type KnownEventType } from "@/lib/events/taxonomy";
import type { Json } from "./envelope";

/** Segment names properties in snake_case, the taxonomy in camelCase: the bridge between the two. */

export const snakeToCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const camelToSnake = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

const taxonomyKeys = (type: KnownEventType): string[] => Object.keys(EVENT_TYPES[type].shape);

/**
 * Renames the snake_case keys whose camelCase form the target type defines (order_id -> orderId);
 * every other key is kept as sent. A key sent in both forms keeps the camelCase value.
 */
export function renameKnownKeys(properties: Json, known: readonly string[]): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(properties)) {
    const camel = snakeToCamel(key);
    if (camel !== key && known.includes(camel)) {
      if (!(camel in properties)) out[camel] = value;
    } else {
      out[key] = value;
    }
  }
  return out;
}

export const renameForType = (properties: Json, type: KnownEventType) => renameKnownKeys(properties, taxonomyKeys(type));

/**
 * What a type needs, in Segment's words: each entry lists the Segment properties of which one must be
 * present. Derived from the taxonomy's required keys; the overrides name Segment's alternatives.
 */
const REQUIREMENT_OVERRIDES: Partial<Record<KnownEventType, Record<string, string[]>>> = {
  "order.placed": { total: ["total", "revenue"] },
  "checkout.started": { checkoutId: ["checkout_id", "order_id"] },
};

function requiredKeys(type: KnownEventType): string[] {
  const shape = EVENT_TYPES[type].shape as Record<string, { _zod: { optin?: string } }>;
  return Object.entries(shape)
    .filter(([, schema]) => schema._zod.optin !== "optional")
    .map(([key]) => key);
}

/** The first missing requirement as a sentence ("needs properties.order_id"), or null. */
export function missingRequirement(type: KnownEventType, properties: Json): string | null {
  for (const key of requiredKeys(type)) {
    const names = REQUIREMENT_OVERRIDES[type]?.[key] ?? [camelToSnake(key)];
    const present = names.some((name) => isSent(properties[name]) || isSent(properties[snakeToCamel(name)]));
    if (!present) return `needs ${names.map((n) => `properties.${n}`).join(" or ")}`;
  }
  return null;
}

const isSent = (value: unknown) => value !== undefined && value !== null && value !== "";

/** Cuts a string to the taxonomy's text limit; a long referrer should not cost the page view. */
export function clip(value: unknown, max = 512): unknown {
  return typeof value === "string" && value.length > max ? value.slice(0, max) : value;
}

/** Copies the defined values of `extra` over `base`, so that absent Segment fields add no keys. */
export function withDefined(base: Json, extra: Json): Json {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) out[key] = value;
  return out;
}
