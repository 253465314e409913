import { DAY, HOUR, MINUTE } from "./calendar";
import { DPP_SECTIONS } from "./catalog";
import type { Journey } from "./journey";
import { listPrice, roundMoney } from "./money";
import type { PlacedOrder } from "./orders";
import { survey } from "./surveys";

/**
 * Life after delivery for the things bought: passport scans, repairs, care appointments, resale,
 * and, months later, the shop's end-of-life prompt, which some customers answer within 30 days by
 * sending the item back, recycling it or listing it for resale.
 */
export function productLifecycle(j: Journey, order: PlacedOrder, deliveredAt: number): void {
  const rng = j.rng("lifecycle");
  const { timeline } = j;
  const s = j.profile.sustainability;
  const value = (eur: number) => roundMoney(listPrice(eur, order.currency), order.currency);

  const passported = order.lines.filter((l) => l.product.sustainable);
  if (passported.length && rng.chance(0.1 + 0.5 * s)) {
    const scans = 1 + rng.poisson(0.3 + 1.2 * s);
    for (let n = 0; n < scans; n++) {
      const at = deliveredAt + (n === 0 ? rng.exponential(6 * DAY) + HOUR : rng.exponential(60 * DAY));
      const productId = rng.pick(passported).product.id;
      if (!timeline.add(at, "dpp.viewed", j.web(at), { productId, context: "post_purchase", section: rng.pick(DPP_SECTIONS) })) break;
      if (n === 0 && rng.chance(0.5)) survey(rng, timeline, j.customer, at + rng.int(2, 20) * MINUTE, "dpp_feedback", { responseRate: 0.38, surveyId: "passport-feedback" });
    }
  }

  for (const line of order.lines) {
    const { product } = line;
    if (!product.durable) continue;
    if (rng.chance(0.025 + 0.07 * s)) {
      const at = deliveredAt + rng.between(20, 300) * DAY;
      if (timeline.add(at, "repair.requested", j.customer, { productId: product.id, orderId: order.orderId })) {
        timeline.add(at + rng.between(6, 21) * DAY, "repair.completed", j.customer, { productId: product.id, orderId: order.orderId });
      }
    }
    if ((product.category === "jackets" || product.category === "shoes") && rng.chance(0.04 + 0.1 * s)) {
      timeline.add(deliveredAt + rng.between(40, 300) * DAY, "maintenance.booked", j.customer, { productId: product.id, service: product.category === "shoes" ? "resole" : "reproofing" });
    }
    if (rng.chance(0.015 + 0.03 * s)) {
      timeline.add(deliveredAt + rng.between(45, 330) * DAY, "resale.listed", j.customer, { productId: product.id, value: value(product.price * rng.between(0.35, 0.55)) });
    }
    if (rng.chance(0.35)) {
      const promptedAt = deliveredAt + rng.between(110, 240) * DAY;
      const channel = rng.weighted([["email", 70], ["app", 30]] as const);
      if (!timeline.add(promptedAt, "eol.prompted", j.customer, { productId: product.id, channel })) continue;
      if (rng.chance(0.14 + 0.4 * s)) {
        const at = promptedAt + Math.min(rng.exponential(7 * DAY) + HOUR, 29 * DAY);
        const action = rng.weighted([["takeback.requested", 45], ["resale.listed", 30], ["recycling.completed", 25]] as const);
        const worth = action === "takeback.requested" ? value(product.price >= 100 ? 20 : 10) : action === "resale.listed" ? value(product.price * rng.between(0.3, 0.5)) : undefined;
        timeline.add(at, action, j.customer, { productId: product.id, ...(worth !== undefined && { value: worth }) });
      }
    } else if (rng.chance(0.01 + 0.02 * s)) {
      timeline.add(deliveredAt + rng.between(90, 330) * DAY, rng.chance(0.6) ? "takeback.requested" : "recycling.completed", j.customer, { productId: product.id });
    }
  }
}
