import { SECOND } from "./calendar";
import type { Product } from "./catalog";
import { listPrice, roundMoney, type DemoCurrency } from "./money";
import type { Rng } from "./random";
import type { Timeline, Who } from "./timeline";
import { pickProduct } from "./web";

export interface BasketLine {
  product: Product;
  quantity: number;
  /** Unit price in the basket's currency. */
  price: number;
}

export interface Basket {
  currency: DemoCurrency;
  lines: BasketLine[];
  subtotal: number;
}

/**
 * What ends up in the basket: mostly things just looked at, plus an add-on or two. `extra` raises
 * the number of lines (loyalty members buy more per order).
 */
export function fillBasket(rng: Rng, viewed: readonly Product[], currency: DemoCurrency, sustainability: number, extra: number): Basket {
  const count = Math.min(6, 1 + rng.poisson(0.45 + extra));
  const lines: BasketLine[] = [];
  for (let i = 0; i < count; i++) {
    const product = viewed.length && rng.chance(0.7) ? rng.pick(viewed) : pickProduct(rng, sustainability);
    const existing = lines.find((l) => l.product.id === product.id);
    if (existing) {
      existing.quantity += 1;
      continue;
    }
    const quantity = product.price < 40 && rng.chance(0.25) ? 2 : 1;
    lines.push({ product, quantity, price: listPrice(product.price, currency) });
  }
  const subtotal = roundMoney(lines.reduce((sum, l) => sum + l.price * l.quantity, 0), currency);
  return { currency, lines, subtotal };
}

/** An add-to-cart per basket line, during the visit; returns the time of the last one. */
export function addToCart(rng: Rng, timeline: Timeline, who: (at: number) => Who, sessionId: string | undefined, basket: Basket, from: number): number {
  let t = from;
  for (const line of basket.lines) {
    t += rng.int(8, 60) * SECOND;
    timeline.add(t, "cart.item_added", who(t), { productId: line.product.id, quantity: line.quantity, price: line.price, currency: basket.currency }, sessionId);
  }
  return t;
}
