import { Dataset, type SentEvent } from "./dataset";

/** Types whose required `orderId` makes an event a fact about that order (events.md), whoever sent it. */
const ABOUT_AN_ORDER = new Set(["order.refunded", "order.canceled", "order.shipped", "order.delivered", "return.requested", "return.received", "tracking.viewed"]);

/**
 * api.md: `DELETE /api/v1/customers/{customerId}` "erases it all". Read as: afterwards the data is as
 * if the merchant had never sent the customer's part of it, which is
 * - every stored event that counts for the customer (their own, and their linked anonymous ids' that
 *   name no other customer);
 * - the customer's orders (cancelled ones too) and the order ids their refunds or cancellations name
 *   when no order has that id, with every event about those orders, whoever sent it.
 * A refund or cancellation they sent for someone else's order is theirs and goes, but what it did to
 * that order stays: the other customer's order is not theirs to erase. The oracle keeps such an event
 * with its sender made anonymous and unlinkable (order.refunded and order.canceled are no activity
 * and count nowhere else, so only their effect on the order is read).
 *
 * Identity links are not derived again from what is left: they stay what they were, less the erased
 * customer's. An event about one of their orders that another customer sent with an anonymous id goes,
 * but the link it made is that other customer's, and an erasure leaves other customers as they were
 * (it does not hand a device over to the next customer who once claimed it either).
 *
 * Returns the history the metrics should then equal: what was stored (events ingest rejected or
 * dropped as duplicates never come back: their slot was taken, and an erasure does not replay the
 * past) minus that part, and the links.
 */
export function historyAfterErasure(sent: readonly SentEvent[], now: number, customer: string): { history: SentEvent[]; links: Map<string, string> } {
  const data = new Dataset(sent, now);
  const links = new Map([...data.links].filter(([, linked]) => linked !== customer));
  const placed = new Set(data.placements.map((e) => String(e.props.orderId)));
  const orderIds = new Set(data.placements.filter((e) => e.customer === customer).map((e) => String(e.props.orderId)));
  for (const e of data.events) {
    if (e.customer !== customer || (e.type !== "order.refunded" && e.type !== "order.canceled")) continue;
    if (!placed.has(String(e.props.orderId))) orderIds.add(String(e.props.orderId));
  }
  type Stored = (typeof data.events)[number];
  const aboutTheirOrders = (e: Stored) => ABOUT_AN_ORDER.has(e.type) && orderIds.has(String(e.props.orderId));
  const effectOnAnothersOrder = (e: Stored) => (e.type === "order.refunded" || e.type === "order.canceled") && !aboutTheirOrders(e);
  const kept = new Map<number, "as sent" | "sender erased">();
  for (const e of data.events) {
    if (aboutTheirOrders(e)) continue;
    if (e.customer !== customer) kept.set(e.seq, "as sent");
    else if (effectOnAnothersOrder(e)) kept.set(e.seq, "sender erased");
  }
  const history = sent.flatMap((e, seq) => {
    const how = kept.get(seq);
    if (how === undefined) return [];
    if (how === "as sent") return [e];
    const { customerId: _customer, anonymousId: _anonymous, ...rest } = e;
    return [{ ...rest, anonymousId: `erased sender ${seq}` }];
  });
  return { history, links };
}
