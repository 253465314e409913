import type { Basket } from "./basket";
import { DAY, HOUR, MINUTE, SECOND } from "./calendar";
import { CHECKOUT_STEPS, DPP_SECTIONS } from "./catalog";
import type { Rng, Weighted } from "./random";
import { exitSurvey } from "./surveys";
import type { Timeline, Who } from "./timeline";

/** Who is checking out: a customer's journey or an anonymous visitor, behind one face. */
export interface Shopper {
  rng: Rng;
  timeline: Timeline;
  /** 0-1: how likely they open a product passport or sustainability page. */
  sustainability: number;
  who(at: number): Who;
  /** The information step asks for an email address: a first-time shopper becomes known here. */
  enteredEmail(at: number): void;
  /** Whether an abandoned checkout can be followed up (the shop has an address for them). */
  reachable(at: number): boolean;
  /** Places the order of a completed checkout; false when it was not recorded (after "now"). */
  placeOrder(at: number, checkoutId: string, basket: Basket, sessionId: string | undefined, coupon?: { code: string; percent: number }): boolean;
  /** A short visit before a recovered checkout is completed: the session the order converts. */
  revisit(at: number): { end: number; sessionId: string | undefined };
}

export type CheckoutKind = "first" | "repeat" | "visitor";

export interface CheckoutSpec {
  checkoutId: string;
  /** When checkout.started is sent (the basket was filled in the session just before). */
  at: number;
  basket: Basket;
  sessionId: string | undefined;
  kind: CheckoutKind;
  /** Outcomes decided by the story rather than by chance (a buyer's first order, a browser who never buys). */
  force?: "complete" | "abandon";
  shippingCost: number;
}

export interface CheckoutOutcome {
  /** When the order was placed (directly or after a recovery message), or null. */
  orderedAt: number | null;
}

const BASE_ABANDONMENT: Record<CheckoutKind, number> = { visitor: 0.8, first: 0.62, repeat: 0.44 };
// Shoppers who read the passport or the sustainability page are reassured: they abandon less.
const SUSTAINABILITY_VIEW_EFFECT = 0.45;
const POLICY_EFFECT = { shipping: 1.32, returns: 1.12, warranty: 0.9 } as const;
const VARIANT_EFFECT = { control: 1, express_checkout: 0.8 } as const;
const LAST_STEP: Weighted<number> = [
  [0, 34],
  [1, 26],
  [2, 22],
  [3, 13],
  [4, 5],
];
/** The one-page "express" checkout was tested against the control over these days before "now". */
export const EXPERIMENT_WINDOW = { fromDaysAgo: 150, toDaysAgo: 14 } as const;

const NUDGE_CONVERSION = { discount: 0.2, sustainability: 0.15, reminder: 0.1 } as const;
type Nudge = keyof typeof NUDGE_CONVERSION;
const NUDGES: Weighted<Nudge> = [
  ["discount", 35],
  ["sustainability", 30],
  ["reminder", 35],
];
const CHANNELS: Weighted<"email" | "sms" | "push"> = [
  ["email", 70],
  ["sms", 18],
  ["push", 12],
];

const stepGap = (rng: Rng) => Math.min(rng.logNormal(40, 0.7), 300) * SECOND;

function variantAt(rng: Rng, at: number, now: number): keyof typeof VARIANT_EFFECT | undefined {
  const inWindow = at >= now - EXPERIMENT_WINDOW.fromDaysAgo * DAY && at < now - EXPERIMENT_WINDOW.toDaysAgo * DAY;
  return inWindow ? (rng.chance(0.5) ? "control" : "express_checkout") : undefined;
}

/**
 * One checkout from checkout.started to an order or an abandonment, with the views that sway it:
 * a passport or sustainability page lowers the chance of abandoning, a look at the shipping policy
 * raises it, and the express variant helps a little. Abandoned checkouts of reachable shoppers get
 * recovery messages, some of which bring them back within a week.
 */
export function checkout(shopper: Shopper, spec: CheckoutSpec): CheckoutOutcome {
  const { rng, timeline } = shopper;
  const { checkoutId, sessionId } = spec;
  const variant = variantAt(rng, spec.at, timeline.now);
  const tagged = variant ? { variant } : {};

  let t = spec.at;
  timeline.add(t, "checkout.started", shopper.who(t), { checkoutId, value: spec.basket.subtotal, shippingCost: spec.shippingCost, currency: spec.basket.currency, ...tagged }, sessionId);

  // Views in the first steps, decided before the outcome because they change it.
  let chance = BASE_ABANDONMENT[spec.kind] * (variant ? VARIANT_EFFECT[variant] : 1);
  const readsSustainability = spec.force !== "abandon" && rng.chance(0.03 + 0.3 * shopper.sustainability);
  if (readsSustainability) chance *= SUSTAINABILITY_VIEW_EFFECT;
  const policy = rng.weighted<keyof typeof POLICY_EFFECT | null>([["shipping", 11], ["returns", 7], ["warranty", 2], [null, 80]]);
  if (policy) chance *= POLICY_EFFECT[policy];
  const abandons = spec.force ? spec.force === "abandon" : rng.chance(Math.min(0.95, chance));
  const lastStep = abandons ? rng.weighted(LAST_STEP) : CHECKOUT_STEPS.length - 1;
  // Shipping costs are checked at the shipping step (or earlier, by those who leave before it).
  const policyStep = policy ? Math.min(lastStep, policy === "shipping" ? 2 : 0) : -1;

  for (let step = 0; step <= lastStep; step++) {
    t += step === 0 ? 2 * SECOND : stepGap(rng);
    if (step === 1) shopper.enteredEmail(t);
    timeline.add(t, "checkout.step_viewed", shopper.who(t), { checkoutId, step: CHECKOUT_STEPS[step], stepIndex: step, ...tagged }, sessionId);
    if (step === 0 && readsSustainability) {
      const product = rng.pick(spec.basket.lines).product;
      const ref = rng.chance(0.8) ? { checkoutId } : {};
      const at = t + rng.int(10, 50) * SECOND;
      if (product.sustainable && rng.chance(0.6)) {
        timeline.add(at, "dpp.viewed", shopper.who(at), { productId: product.id, context: "pre_purchase", section: rng.pick(DPP_SECTIONS), ...ref }, sessionId);
      } else {
        timeline.add(at, "sustainability.info_viewed", shopper.who(at), { productId: product.id, ...ref }, sessionId);
      }
      t = at;
    }
    if (step === policyStep) {
      const at = t + rng.int(5, 40) * SECOND;
      timeline.add(at, "policy.viewed", shopper.who(at), { policy, ...(rng.chance(0.75) ? { checkoutId } : {}) }, sessionId);
      t = at;
    }
  }

  if (!abandons) {
    t += rng.int(30, 150) * SECOND;
    return { orderedAt: shopper.placeOrder(t, checkoutId, spec.basket, sessionId) ? t : null };
  }

  exitSurvey(rng, timeline, shopper.who(t), t + 5 * SECOND, checkoutId, lastStep);
  return recover(shopper, spec, t, variant);
}

/** Messages come from the shop's systems, which know the customer rather than the device. */
const sentBy = (who: Who): Who => (who.customerId ? { customerId: who.customerId } : who);

function recover(shopper: Shopper, spec: CheckoutSpec, exitAt: number, variant: string | undefined): CheckoutOutcome {
  const { rng, timeline } = shopper;
  const none = { orderedAt: null };
  if (!shopper.reachable(exitAt) || !rng.chance(0.72)) return none;
  const nudge = rng.weighted(NUDGES);
  const channel = rng.weighted(CHANNELS);
  const sentAt = exitAt + Math.min(rng.logNormal(2 * HOUR, 0.5), 20 * HOUR);
  if (!timeline.add(sentAt, "cart.recovery_sent", sentBy(shopper.who(sentAt)), { checkoutId: spec.checkoutId, channel, nudge })) return none;

  const converts = spec.force !== "abandon" && rng.chance(NUDGE_CONVERSION[nudge] * (channel === "sms" ? 1.2 : 1));
  if (!converts) {
    if (rng.chance(0.4)) {
      const followUp = sentAt + rng.between(22, 26) * HOUR;
      timeline.add(followUp, "cart.recovery_sent", sentBy(shopper.who(followUp)), { checkoutId: spec.checkoutId, channel: "email", nudge: nudge === "discount" ? "reminder" : "discount" });
    }
    return none;
  }

  const back = shopper.revisit(sentAt + Math.min(rng.exponential(26 * HOUR) + 10 * MINUTE, 6.8 * DAY));
  let t = back.end;
  const tagged = variant ? { variant } : {};
  for (const step of [3, 4]) {
    t += rng.int(20, 90) * SECOND;
    timeline.add(t, "checkout.step_viewed", shopper.who(t), { checkoutId: spec.checkoutId, step: CHECKOUT_STEPS[step], stepIndex: step, ...tagged }, back.sessionId);
  }
  t += rng.int(30, 120) * SECOND;
  const coupon = nudge === "discount" ? { code: "COMEBACK10", percent: 10 } : undefined;
  return { orderedAt: shopper.placeOrder(t, spec.checkoutId, spec.basket, back.sessionId, coupon) ? t : null };
}
