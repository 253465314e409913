import type { ExplorerEvent } from "./types";

function show(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? "" : "s"}]`;
  if (typeof value === "object") return "{…}";
  return String(value);
}

/** "orderId: o1 · total: 49.9 · items: [2 items]": the first few properties, for a table cell. */
export function summarizeProperties(properties: Record<string, unknown>, max = 3): string {
  const entries = Object.entries(properties);
  if (entries.length === 0) return "";
  const shown = entries.slice(0, max).map(([key, value]) => {
    const text = show(value);
    return `${key}: ${text.length > 40 ? `${text.slice(0, 39)}…` : text}`;
  });
  return entries.length > max ? `${shown.join(" · ")} · +${entries.length - max} more` : shown.join(" · ");
}

/** The whole stored event, as the expanded row shows it and as one would paste it into a ticket. */
export function eventAsJson(event: ExplorerEvent): string {
  return JSON.stringify(
    {
      id: event.messageId,
      type: event.type,
      customerId: event.customerId,
      anonymousId: event.anonymousId,
      sessionId: event.sessionId,
      timestamp: event.timestamp.toISOString(),
      properties: event.properties,
      // What Aftercart added on arrival.
      receivedAt: event.receivedAt.toISOString(),
      source: event.source,
      custom: event.custom,
      countsForCustomer: event.resolvedCustomerId,
    },
    null,
    2,
  );
}
