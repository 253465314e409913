import type { Basket, BasketLine } from "./basket";
import { MINUTE, SECOND, isBlackFridayWeekend } from "./calendar";
import type { Journey } from "./journey";
import { REWARD_EUR, REWARD_POINTS } from "./loyalty";
import { listPrice, roundMoney, toEur, type DemoCurrency } from "./money";
import { US_SALES_TAX, VAT, type Country } from "./people";
import type { Rng } from "./random";

export interface PlacedOrder {
  orderId: string;
  checkoutId: string;
  at: number;
  currency: DemoCurrency;
  total: number;
  totalEur: number;
  lines: BasketLine[];
  sustainable: boolean;
  /** The customer's first order. */
  first: boolean;
}

/** Free shipping above a threshold; more for parcels leaving the EU. */
export function shippingCost(country: Country, subtotal: number, currency: DemoCurrency): number {
  const abroad = country === "GB" || country === "US" || country === "CH";
  const threshold = listPrice(abroad ? 120 : 60, currency);
  if (subtotal >= threshold) return 0;
  return roundMoney(listPrice(abroad ? 9.9 : 4.9, currency) - (currency === "EUR" ? 0 : 0.1), currency);
}

const SEASON_CODES = ["WINTER15", "WINTER15", "SPRING15", "SPRING15", "SPRING15", "SUMMER15", "SUMMER15", "SUMMER15", "AUTUMN15", "AUTUMN15", "AUTUMN15", "WINTER15"];

/** The coupon a customer types in, if any: welcome codes, Black Friday, seasonal codes. */
function couponFor(rng: Rng, j: Journey, at: number, first: boolean): { code: string; percent: number } | undefined {
  if (isBlackFridayWeekend(at) && rng.chance(0.45)) return { code: "BLACKFRIDAY20", percent: 20 };
  if (first && j.profile.identifiedVia === "newsletter" && rng.chance(0.55)) return { code: "WELCOME10", percent: 10 };
  if (rng.chance(0.04)) return { code: SEASON_CODES[new Date(at).getUTCMonth()]!, percent: 15 };
  return undefined;
}

/**
 * Writes order.placed and checkout.completed for a completed checkout, with the money a real
 * order carries: discounts, shipping, VAT (or US sales tax on top), and a loyalty reward when the
 * member has the points. Returns the order, or null when it would fall after "now".
 */
export function placeOrder(
  j: Journey,
  at: number,
  checkoutId: string,
  basket: Basket,
  sessionId: string | undefined,
  given?: { code: string; percent: number },
): PlacedOrder | null {
  if (at > j.now) return null;
  const rng = j.rng("orders");
  const { currency } = basket;
  const first = j.orders.length === 0;
  const coupon = given ?? couponFor(rng, j, at, first);
  let discount = coupon ? roundMoney((basket.subtotal * coupon.percent) / 100, currency) : 0;

  let reward: { points: number; value: number } | null = null;
  if (j.ledger && at > j.ledger.enrolledAt && j.ledger.balanceAt(at) >= REWARD_POINTS && rng.chance(0.8)) {
    const units = Math.floor(j.ledger.balanceAt(at) / REWARD_POINTS) >= 2 && rng.chance(0.3) ? 2 : 1;
    reward = { points: units * REWARD_POINTS, value: roundMoney(listPrice(units * REWARD_EUR, currency), currency) };
    discount = roundMoney(Math.min(basket.subtotal, discount + reward.value), currency);
  }

  const net = roundMoney(basket.subtotal - discount, currency);
  const shipping = shippingCost(j.profile.country, net, currency);
  const us = j.profile.country === "US";
  const tax = us ? roundMoney(net * US_SALES_TAX, currency) : 0;
  const total = roundMoney(net + shipping + tax, currency);
  const vat = VAT[j.profile.country];
  const orderId = j.nextId("ORD");
  const sustainable = basket.lines.some((l) => l.product.sustainable);

  const properties: Record<string, unknown> = {
    orderId,
    checkoutId,
    total,
    currency,
    items: basket.lines.map((l) => ({ productId: l.product.id, quantity: l.quantity, price: l.price, sustainable: l.product.sustainable, category: l.product.category })),
    sustainable,
    discount,
    shipping,
    tax: us ? tax : roundMoney((total * vat) / (1 + vat), currency),
  };
  if (coupon || reward) properties.coupon = coupon?.code ?? "GREEN-REWARD";
  if (!j.timeline.add(at, "order.placed", j.customer, properties, sessionId)) return null;
  j.timeline.add(at + SECOND, "checkout.completed", j.web(at), { checkoutId, orderId }, sessionId);
  if (reward) j.ledger!.redeem(at - 20 * SECOND, reward.points, reward.value);

  const order: PlacedOrder = { orderId, checkoutId, at, currency, total, totalEur: toEur(total, currency), lines: basket.lines, sustainable, first };
  j.orders.push(order);
  j.timeline.add(at + rng.int(20, 120) * SECOND, "email.sent", j.customer, { emailType: "order_confirmation", orderId });
  if (rng.chance(0.24)) {
    j.timeline.add(at + Math.min(rng.logNormal(90 * MINUTE, 1.3), 20 * 24 * 60 * MINUTE), "email.clicked", j.customer, { emailType: "order_confirmation", orderId });
  }
  return order;
}
