import { DAY, HISTORY, HOUR, MINUTE, SECOND, nextWorkingMoment, startOfUtcDay } from "./calendar";
import { CARRIERS, SUPPORT_CHANNELS } from "./catalog";
import type { Journey } from "./journey";
import { REVIEW_POINTS } from "./loyalty";
import { roundMoney } from "./money";
import type { PlacedOrder } from "./orders";
import type { RunSettings } from "./profile";
import { Rng } from "./random";
import { survey, type Mood } from "./surveys";

/**
 * Stretches when the warehouse falls behind: the run-up to Christmas, and one bad week of the
 * year (a carrier strike). Parcels ordered then ship late, and "where is my order?" contacts follow.
 */
export function warehouseDelays(run: RunSettings): [number, number][] {
  const periods: [number, number][] = [];
  const from = run.now - HISTORY;
  const year = new Date(run.now).getUTCFullYear();
  for (const y of [year - 1, year]) {
    const start = Date.UTC(y, 11, 8);
    if (start >= from && start + 12 * DAY <= run.now) periods.push([start, start + 12 * DAY]);
  }
  const rng = Rng.for(run.seed, "warehouse");
  const strike = startOfUtcDay(rng.between(from + 30 * DAY, run.now - 40 * DAY));
  periods.push([strike, strike + 9 * DAY]);
  return periods;
}

const ABROAD = new Set(["GB", "US", "CH"]);

export interface Fulfilment {
  canceled: boolean;
  deliveredAt: number | null;
  late: boolean;
}

function supportContact(j: Journey, at: number, reason: "wismo" | "wismr" | "product" | "billing" | "other", orderId: string, mood: Mood): void {
  const rng = j.rng("support");
  const channel = rng.weighted(SUPPORT_CHANNELS);
  const handleMinutes = Math.round(Math.min(rng.logNormal(channel === "phone" ? 9 : 6, 0.5), 45));
  if (!j.timeline.add(at, "support.contacted", j.customer, { reason, channel, handleMinutes, orderId })) return;
  if (rng.chance(0.45)) survey(rng, j.timeline, j.customer, at + rng.between(1, 6) * HOUR, "csat", { responseRate: 0.32, mood, surveyId: "support-csat" });
  if (rng.chance(0.15)) survey(rng, j.timeline, j.customer, at + rng.between(1, 6) * HOUR, "ces", { responseRate: 0.3, mood, surveyId: "support-ces" });
}

/**
 * Everything after an order: cancellation, shipping (late in busy weeks), tracking, emails,
 * "where is my order?" contacts after late parcels, returns and refunds with "where is my refund?"
 * contacts, reviews and surveys.
 */
export function fulfil(j: Journey, order: PlacedOrder, delays: readonly [number, number][]): Fulfilment {
  const rng = j.rng("fulfilment");
  const { timeline } = j;
  const { orderId } = order;

  if (rng.chance(0.025)) {
    const at = order.at + rng.between(10 * MINUTE, 10 * HOUR);
    if (timeline.add(at, "order.canceled", j.customer, { orderId, reason: rng.pick(["customer_request", "payment_failed", "out_of_stock"]) }) && rng.chance(0.7)) {
      timeline.add(at + rng.between(5 * MINUTE, DAY), "order.refunded", j.customer, { orderId, reason: "canceled" });
    }
    return { canceled: true, deliveredAt: null, late: false };
  }

  const inDelay = delays.some(([from, to]) => order.at >= from && order.at < to);
  const late = rng.chance(inDelay ? 0.5 : 0.05);
  const shippedAt = nextWorkingMoment(rng, order.at + (late ? rng.between(3.5, 8) * DAY : rng.between(0.2, 1.4) * DAY));
  const abroad = ABROAD.has(j.profile.country);
  const carrier = rng.pick(CARRIERS[j.profile.country] ?? CARRIERS.default!);
  const deliveredAt = shippedAt + (abroad ? rng.between(3, 6) : rng.between(0.8, 2.8)) * DAY;
  const promisedBy = order.at + (abroad ? 6 : 3) * DAY;

  if (timeline.add(shippedAt, "order.shipped", j.customer, { orderId, carrier })) {
    timeline.add(shippedAt + rng.int(1, 20) * MINUTE, "email.sent", j.customer, { emailType: "shipping", orderId });
    if (rng.chance(0.3)) timeline.add(shippedAt + rng.logNormal(3 * HOUR, 1), "email.clicked", j.customer, { emailType: "shipping", orderId });
  }
  const views = rng.poisson(late ? 2.6 : 0.9);
  for (let v = 0; v < views; v++) {
    const at = rng.between(shippedAt + HOUR, deliveredAt + DAY);
    timeline.add(at, "tracking.viewed", j.customer, { orderId, source: rng.weighted([["email", 50], ["sms", 20], ["site", 30]] as const) });
  }
  // Nobody asks where a parcel is before it is due; after the promised day, many do.
  if (late ? rng.chance(0.42) : rng.chance(0.012)) {
    const from = late ? Math.max(promisedBy, shippedAt - 2 * DAY) : shippedAt;
    supportContact(j, rng.between(from, Math.max(from + HOUR, deliveredAt)), "wismo", orderId, rng.chance(0.35) ? "bad" : "neutral");
  }
  const delivered = timeline.add(deliveredAt, "order.delivered", j.customer, { orderId, carrier });
  if (!delivered) return { canceled: false, deliveredAt: null, late };

  const returned = returns(j, order, deliveredAt);
  const mood: Mood = late || returned ? (rng.chance(0.6) ? "bad" : "neutral") : rng.chance(0.85) ? "good" : "neutral";

  if (rng.chance(0.13)) {
    const stars = mood === "bad" ? [18, 15, 22, 25, 20] : [2, 3, 8, 27, 60];
    const rating = rng.weighted(stars.map((w, i) => [i + 1, w] as const));
    const at = deliveredAt + rng.between(2, 20) * DAY;
    if (timeline.add(at, "review.submitted", j.customer, { productId: rng.pick(order.lines).product.id, rating, orderId })) j.ledger?.earn(at + MINUTE, REVIEW_POINTS, "review");
  }
  if (rng.chance(0.32)) survey(rng, timeline, j.customer, deliveredAt + 7 * DAY + rng.between(8, 11) * HOUR, "nps", { responseRate: 0.3, mood, surveyId: "post-purchase-nps" });
  if (rng.chance(0.1)) survey(rng, timeline, j.customer, deliveredAt + rng.between(20, 30) * HOUR, "csat", { responseRate: 0.28, mood, surveyId: "delivery-csat" });
  if (rng.chance(0.14)) survey(rng, timeline, j.customer, order.at + rng.int(1, 5) * MINUTE, "ces", { responseRate: 0.4, mood: "good", surveyId: "checkout-ces" });
  if (rng.chance(0.035)) supportContact(j, deliveredAt + rng.between(0.2, 25) * DAY, rng.weighted([["product", 70], ["billing", 20], ["other", 10]] as const), orderId, "neutral");
  if (!returned && rng.chance(0.02)) {
    const at = deliveredAt + rng.between(1, 10) * DAY;
    const share = rng.between(0.1, 0.25);
    timeline.add(at, "order.refunded", j.customer, { orderId, amount: roundMoney(order.total * share, order.currency), reason: rng.pick(["damaged", "goodwill"]) });
  }
  return { canceled: false, deliveredAt, late };
}

/** A return: requested, received at the warehouse, refunded in full or for the returned item. */
function returns(j: Journey, order: PlacedOrder, deliveredAt: number): boolean {
  const rng = j.rng("returns");
  const fitted = order.lines.some((l) => l.product.category === "shoes" || l.product.category === "trousers" || l.product.category === "knitwear");
  if (!rng.chance(fitted ? 0.17 : 0.09)) return false;
  const { timeline } = j;
  const all = order.lines.length === 1 || rng.chance(0.3);
  const line = rng.pick(order.lines);
  const reason = rng.weighted([["size", 45], ["changed_mind", 20], ["not_as_described", 15], ["damaged", 8], ["quality", 12]] as const);
  const requestedAt = deliveredAt + rng.between(1, 18) * DAY;
  if (!timeline.add(requestedAt, "return.requested", j.customer, { orderId: order.orderId, reason, productId: line.product.id })) return true;
  const receivedAt = nextWorkingMoment(rng, requestedAt + rng.between(3, 9) * DAY);
  const slow = rng.chance(0.25);
  const refundedAt = nextWorkingMoment(rng, receivedAt + (slow ? rng.between(5, 12) : rng.between(0.5, 3)) * DAY);
  if (rng.chance(slow ? 0.5 : 0.2)) {
    const from = requestedAt + 5 * DAY;
    supportContact(j, rng.between(from, Math.max(from + HOUR, refundedAt)), "wismr", order.orderId, "bad");
  }
  if (!timeline.add(receivedAt, "return.received", j.customer, { orderId: order.orderId, reason, productId: line.product.id })) return true;
  const amount = all ? {} : { amount: roundMoney(line.price * line.quantity, order.currency) };
  timeline.add(refundedAt + rng.int(1, 50) * SECOND, "order.refunded", j.customer, { orderId: order.orderId, ...amount, reason: "return" });
  return true;
}
