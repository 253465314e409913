import { addToCart, fillBasket } from "./basket";
import { DAY, HOUR, MINUTE, SECOND, seasonalArrivals } from "./calendar";
import { checkout, type CheckoutKind, type CheckoutOutcome, type Shopper } from "./checkout";
import { contentEngagement, newsletter, referralsSent } from "./content";
import { fulfil } from "./fulfilment";
import { Journey } from "./journey";
import { productLifecycle } from "./lifecycle";
import { LoyaltyLedger, REFERRAL_POINTS, SIGNUP_POINTS } from "./loyalty";
import { placeOrder, shippingCost } from "./orders";
import { customerProfile, referralCodeOf, referrerOf, type CustomerProfile, type RunSettings } from "./profile";
import { services } from "./services";
import { subscriptions } from "./subscriptions";
import type { DemoEvent } from "./timeline";
import { anonymousVisitors } from "./visitors";
import { browse, landingFor, returningLanding } from "./web";

/** Loyalty members come back more often and drift away less. */
const MEMBER_RATE = 2;
const MEMBER_DROPOUT = 0.5;

function shopperFor(j: Journey, delays: readonly [number, number][]): Shopper {
  const web = j.rng("web");
  return {
    rng: j.rng("checkout"),
    timeline: j.timeline,
    sustainability: j.profile.sustainability,
    who: (at) => j.web(at),
    enteredEmail: (at) => j.identifyAtCheckout(at),
    reachable: (at) => j.isIdentified(at),
    placeOrder(at, checkoutId, basket, sessionId, coupon) {
      const order = placeOrder(j, at, checkoutId, basket, sessionId, coupon);
      if (!order) return false;
      const outcome = fulfil(j, order, delays);
      if (!outcome.canceled && j.ledger) j.ledger.earn(order.at + MINUTE, order.totalEur, "purchase");
      if (outcome.deliveredAt !== null) productLifecycle(j, order, outcome.deliveredAt);
      return true;
    },
    revisit(at) {
      const sessionId = j.nextSessionId();
      const visit = browse(web, j.timeline, { at, who: j.web(at), sessionId, currency: j.profile.currency, sustainability: j.profile.sustainability, landing: landingFor(web, "email"), intent: "buy" });
      return { end: visit.end, sessionId };
    },
  };
}

/** A shopping visit that ends in a checkout (completed or not). */
function shoppingTrip(j: Journey, shopper: Shopper, at: number, kind: CheckoutKind, force?: "complete" | "abandon"): CheckoutOutcome {
  const web = j.rng("web");
  const sessionId = j.nextSessionId();
  const landing = kind === "first" && at - j.profile.firstVisitAt < HOUR ? landingFor(web, j.profile.channel) : returningLanding(web, j.identifiedAt !== null);
  const visit = browse(web, j.timeline, { at, who: j.web(at), sessionId, currency: j.profile.currency, sustainability: j.profile.sustainability, landing, intent: "buy" });
  const member = j.ledger !== null && at >= j.ledger.enrolledAt;
  const basket = fillBasket(web, visit.viewed, j.profile.currency, j.profile.sustainability, member ? 0.4 : 0);
  const added = addToCart(web, j.timeline, (t) => j.web(t), sessionId, basket, visit.end);
  return checkout(shopper, {
    checkoutId: j.nextId("CHK"),
    at: added + web.int(20, 90) * SECOND,
    basket,
    sessionId,
    kind,
    force,
    shippingCost: shippingCost(j.profile.country, basket.subtotal, j.profile.currency),
  });
}

/**
 * The first order: up to four checkouts in the days before the planned order, each of which may be
 * abandoned like any other; the last one is completed whatever happened before.
 */
function firstPurchase(j: Journey, shopper: Shopper, plannedAt: number): void {
  const rng = j.rng("purchases");
  const gap = rng.between(2 * HOUR, 3 * DAY);
  for (let k = 3; k >= 1; k--) {
    const at = plannedAt - k * gap;
    if (at <= j.profile.firstVisitAt) continue;
    if (shoppingTrip(j, shopper, at, "first").orderedAt !== null) return;
  }
  shoppingTrip(j, shopper, plannedAt, "first", "complete");
}

/** Repeat orders: a Poisson process per customer, until they drift away (BG/NBD-like). */
function repeatPurchases(j: Journey, shopper: Shopper): void {
  const rng = j.rng("purchases");
  const p = j.profile;
  let t = j.orders[0]?.at;
  while (t !== undefined) {
    const member = j.ledger !== null && t >= j.ledger.enrolledAt;
    if (rng.chance(member ? p.dropout * MEMBER_DROPOUT : p.dropout)) return;
    t += rng.exponential((365 * DAY) / (p.purchaseRate * (member ? MEMBER_RATE : 1)));
    if (t >= j.now) return;
    const outcome = shoppingTrip(j, shopper, t, "repeat");
    if (outcome.orderedAt === null && rng.chance(0.45)) shoppingTrip(j, shopper, t + rng.between(HOUR, 3 * DAY), "repeat");
  }
}

/** Visits that are not about buying: browsing, reading, sometimes on a second device. */
function browsingSessions(j: Journey, activeUntil: number): void {
  const rng = j.rng("browsing");
  const web = j.rng("web");
  const p = j.profile;
  if (j.identifiedAt !== null && rng.chance(0.2)) {
    j.device2 = { anonymousId: `anon_${rng.hex(16)}`, firstSeenAt: rng.between(j.identifiedAt, Math.max(j.identifiedAt, activeUntil)), linkedAt: null };
  }
  const perYear = p.browsing * 12 * (j.orders.length ? 1.5 : 1);
  for (const at of seasonalArrivals(rng, p.firstVisitAt + HOUR, activeUntil, perYear, p.utcOffset)) {
    const device = j.device2 && at >= j.device2.firstSeenAt && rng.chance(0.45) ? 2 : 1;
    const visit = browse(web, j.timeline, {
      at,
      who: j.web(at, device),
      sessionId: j.nextSessionId(),
      currency: p.currency,
      sustainability: p.sustainability,
      landing: returningLanding(web, j.identifiedAt !== null && at >= j.identifiedAt),
      intent: rng.chance(0.15) ? "content" : "browse",
    });
    if (device === 2 && rng.chance(0.7)) j.linkDevice2(visit.end + 30 * SECOND);
  }
}

/** The first visit, and the sign-up visit for those who sign up before buying. */
function arrival(j: Journey, referralCode: string | undefined): void {
  const web = j.rng("web");
  const p = j.profile;
  const first = browse(web, j.timeline, { at: p.firstVisitAt, who: j.web(p.firstVisitAt), sessionId: j.nextSessionId(), currency: p.currency, sustainability: p.sustainability, landing: landingFor(web, p.channel, referralCode), intent: "browse" });
  if (p.signUpAt === null) return;
  let at = p.signUpAt;
  if (p.signUpAt - first.end > 30 * MINUTE) {
    at = browse(web, j.timeline, { at: p.signUpAt, who: j.web(p.signUpAt), sessionId: j.nextSessionId(), currency: p.currency, sustainability: p.sustainability, landing: returningLanding(web, false), intent: "browse" }).end + 40 * SECOND;
  } else {
    at = Math.max(at, first.end + 20 * SECOND);
  }
  j.planSignUp(at);
}

function referralConversion(j: Journey, referrer: CustomerProfile | null): void {
  const first = j.orders[0];
  if (!referrer || !first) return;
  const at = first.at + 2 * MINUTE;
  const referrerWho = { customerId: referrer.customerId };
  if (!j.timeline.add(at, "referral.converted", referrerWho, { referredCustomerId: j.profile.customerId, referralCode: referralCodeOf(referrer.index) })) return;
  if (referrer.enrolAt !== null && referrer.enrolAt < at) j.timeline.add(at + MINUTE, "loyalty.points_earned", referrerWho, { points: REFERRAL_POINTS, reason: "referral" });
}

/** Customer `index`'s story, written into its journey's timeline. */
export function customerJourney(run: RunSettings, index: number, delays: readonly [number, number][]): Journey {
  const profile = customerProfile(run, index);
  const j = new Journey(run, profile);
  const referrer = referrerOf(run, profile);
  const shopper = shopperFor(j, delays);
  if (profile.enrolAt !== null) {
    j.ledger = new LoyaltyLedger(profile.enrolAt);
    j.ledger.earn(profile.enrolAt + SECOND, SIGNUP_POINTS, "signup");
  }

  arrival(j, referrer ? referralCodeOf(referrer.index) : undefined);
  if (profile.firstPurchaseAt !== null) {
    firstPurchase(j, shopper, profile.firstPurchaseAt);
    repeatPurchases(j, shopper);
  } else if (j.rng("purchases").chance(0.3)) {
    // Browsers who never buy still fill a basket now and then.
    const tries = 1 + j.rng("purchases").poisson(0.5);
    for (let n = 0; n < tries; n++) shoppingTrip(j, shopper, j.rng("purchases").between(profile.firstVisitAt + HOUR, j.now), "first", "abandon");
  }

  j.finishSignUp();

  const rng = j.rng("journey");
  // Recovered checkouts can complete after a later order was placed: orders are not in time order.
  const lastOrder = j.orders.length ? Math.max(...j.orders.map((o) => o.at)) : undefined;
  const activeUntil = Math.min(j.now, lastOrder !== undefined ? lastOrder + rng.exponential(80 * DAY) : (profile.signUpAt ?? profile.firstVisitAt) + rng.exponential(45 * DAY));
  browsingSessions(j, activeUntil);

  if (j.identifiedAt !== null && (profile.identifiedVia === "newsletter" || rng.chance(0.35))) newsletter(j, j.identifiedAt);
  contentEngagement(j, profile.firstVisitAt, Math.min(j.now, activeUntil + 60 * DAY));
  if (j.orders[0]) referralsSent(j, j.orders[0].at);
  referralConversion(j, referrer);
  subscriptions(j);
  services(j, activeUntil);
  if (j.orders.length && rng.chance(0.015)) {
    const at = rng.between(j.orders[0]!.at, j.now);
    j.timeline.add(at, "gift_card.purchased", j.web(at), { value: rng.pick([25, 50, 100]), currency: profile.currency });
  }
  if (j.ledger && j.identifiedAt !== null) j.ledger.write(j.timeline, j.customer, "green");
  return j;
}

/**
 * The events of one customer slot: the customer and the anonymous visitors that come with it, in
 * time order, with ids unique to the run (`demo-<seed>-<slot>-<n>`).
 */
export function customerEvents(run: RunSettings, index: number, delays: readonly [number, number][]): DemoEvent[] {
  const j = customerJourney(run, index, delays);
  anonymousVisitors(run, index, j.timeline);
  return j.timeline.finish(`demo-${run.seed}-${index + 1}`);
}
