/**
 * The copy-paste examples of the "Send your first event" card. They name the key by an environment
 * variable, never by value: a snippet gets pasted into chats and tickets, a key must not.
 */
export const KEY_VARIABLE = "AFTERCART_INGEST_KEY";

/** The event both examples send: a placed order, the record most metrics start from. */
export function firstEvent(currency: string) {
  return {
    id: "evt_first_order_1042",
    type: "order.placed",
    customerId: "c_1042",
    properties: { orderId: "1042", total: 49.9, currency },
  };
}

export function curlSnippet(origin: string, currency: string): string {
  return [
    `curl -X POST ${origin}/api/v1/events \\`,
    `  -H "Authorization: Bearer $${KEY_VARIABLE}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${JSON.stringify(firstEvent(currency))}'`,
  ].join("\n");
}

export function segmentNodeSnippet(origin: string, currency: string): string {
  const event = firstEvent(currency);
  return [
    `import { Analytics } from "@segment/analytics-node";`,
    ``,
    `const analytics = new Analytics({`,
    `  writeKey: process.env.${KEY_VARIABLE},`,
    `  host: "${origin}",`,
    `  path: "/api/segment/v1/batch",`,
    `});`,
    ``,
    `analytics.track({`,
    `  messageId: "${event.id}",`,
    `  userId: "${event.customerId}",`,
    `  event: "Order Completed",`,
    `  properties: { order_id: "${event.properties.orderId}", total: ${event.properties.total}, currency: "${currency}" },`,
    `});`,
    `await analytics.closeAndFlush();`,
  ].join("\n");
}
