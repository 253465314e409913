/**
 * A slice of a shop's live traffic, for timing reads between writes: `visitors` new visitors who browse
 * anonymously, sign in (linking their anonymous id), start a checkout, and every other one orders. All of it
 * falls in the `minutes` before `until`, after the periods the benchmark reads; each round's ids are new,
 * so `liveCustomerId` names every customer it created (to erase them afterwards).
 */
export function liveTraffic(round: number, until: Date, options: { visitors?: number; minutes?: number } = {}): unknown[] {
  const visitors = options.visitors ?? 10;
  const minutes = options.minutes ?? 60;
  // Each visitor's five steps 20 s apart, starting somewhere in the last `minutes` (at least one before `until`).
  const at = (visitor: number, step: number) => new Date(until.getTime() - (((visitor * 7 + round) % minutes) + 1) * 60_000 - 5 * 20_000 + step * 20_000).toISOString();
  return Array.from({ length: visitors }, (_, visitor) => {
    const customerId = liveCustomerId(round, visitor);
    const anonymousId = `${customerId}-anon`;
    const checkoutId = `${customerId}-checkout`;
    const events: unknown[] = [
      { type: "page.viewed", anonymousId, sessionId: `${customerId}-s`, timestamp: at(visitor, 0), properties: { path: "/" } },
      { type: "product.viewed", anonymousId, sessionId: `${customerId}-s`, timestamp: at(visitor, 1), properties: { productId: `p${visitor % 5}` } },
      { type: "customer.identified", customerId, anonymousId, timestamp: at(visitor, 2), properties: { traits: { country: "DE" } } },
      { type: "checkout.started", customerId, sessionId: `${customerId}-s`, timestamp: at(visitor, 3), properties: { checkoutId } },
    ];
    if (visitor % 2 === 0) {
      events.push({ type: "order.placed", customerId, sessionId: `${customerId}-s`, timestamp: at(visitor, 4), properties: { orderId: `${customerId}-order`, total: 20 + visitor, checkoutId } });
    }
    return events;
  }).flat();
}

export const liveCustomerId = (round: number, visitor: number) => `bench-live-${round}-${visitor}`;
