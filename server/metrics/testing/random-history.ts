import fc from "fast-check";

/**
 * Small random histories for property tests: a handful of customers, anonymous ids, orders and
 * checkouts, so that duplicates, identity links, refunds, cancellations and recoveries collide often.
 * Timestamps run from February to the end of April 2026, to the minute.
 */
export const randomCustomer = fc.constantFrom("c1", "c2", "c3", "c4", "c5");
const anonymous = fc.constantFrom("a1", "a2", "a3");
const actor = fc.oneof(
  randomCustomer.map((customerId) => ({ customerId })),
  anonymous.map((anonymousId) => ({ anonymousId })),
  fc.tuple(randomCustomer, anonymous).map(([customerId, anonymousId]) => ({ customerId, anonymousId })),
);
// February to the end of April 2026, to the minute: periods, previous periods and windows all meet data.
const timestamp = fc.integer({ min: Date.UTC(2026, 1, 1), max: Date.UTC(2026, 4, 1) }).map((ms) => new Date(ms - (ms % 60_000)).toISOString());
const checkoutId = fc.constantFrom("k1", "k2", "k3", "k4");
const orderId = fc.constantFrom("o1", "o2", "o3", "o4", "o5", "o6");

const typed = (type: string, properties: fc.Arbitrary<Record<string, unknown>>) => properties.map((p) => ({ type, properties: p }));
const body = fc.oneof(
  typed("order.placed", fc.record({ orderId, total: fc.integer({ min: 0, max: 200 }), checkoutId: fc.option(checkoutId, { nil: undefined }), sustainable: fc.boolean() })),
  typed("order.refunded", fc.record({ orderId, amount: fc.option(fc.integer({ min: 1, max: 150 }), { nil: undefined }) })),
  typed("order.canceled", fc.record({ orderId })),
  typed("checkout.started", fc.record({ checkoutId, variant: fc.option(fc.constantFrom("A", "B"), { nil: undefined }) })),
  typed(
    "checkout.step_viewed",
    fc.record({
      checkoutId,
      // "upsell" is in no step order: counted nowhere, as metrics.md says of steps outside it.
      step: fc.constantFrom("cart", "information", "shipping", "payment", "review", "upsell"),
      variant: fc.option(fc.constantFrom("A", "B"), { nil: undefined }),
    }),
  ),
  typed("checkout.completed", fc.record({ checkoutId })),
  typed("cart.recovery_sent", fc.record({ checkoutId, channel: fc.constantFrom("email", "sms"), nudge: fc.constantFrom("discount", "reminder") })),
  typed("page.viewed", fc.record({ path: fc.constant("/") })),
  typed("dpp.viewed", fc.record({ productId: fc.constant("p1"), context: fc.constantFrom("pre_purchase", "post_purchase"), checkoutId: fc.option(checkoutId, { nil: undefined }) })),
  typed("policy.viewed", fc.record({ policy: fc.constantFrom("shipping", "returns"), checkoutId: fc.option(checkoutId, { nil: undefined }) })),
  typed("tracking.viewed", fc.record({ orderId })),
  typed("email.clicked", fc.record({ emailType: fc.constantFrom("order_confirmation", "marketing"), orderId: fc.option(orderId, { nil: undefined }) })),
  typed("repair.requested", fc.record({ productId: fc.constant("p1") })),
  typed("survey.responded", fc.record({ kind: fc.constant("nps"), score: fc.integer({ min: 0, max: 10 }) })),
  typed("survey.sent", fc.record({ kind: fc.constant("nps") })),
  typed("loyalty.enrolled", fc.record({ programId: fc.constant("club") })),
  typed("loyalty.points_earned", fc.record({ points: fc.integer({ min: 1, max: 500 }) })),
  typed("loyalty.points_redeemed", fc.record({ points: fc.integer({ min: 1, max: 500 }) })),
  typed("customer.identified", fc.record({ traits: fc.record({ country: fc.constantFrom("DE", "FR") }) })),
  typed("subscription.started", fc.record({ subscriptionId: fc.constantFrom("s1", "s2"), mrr: fc.integer({ min: 0, max: 50 }) })),
  typed("subscription.canceled", fc.record({ subscriptionId: fc.constantFrom("s1", "s2"), effectiveAt: fc.option(fc.constant("2026-03-20T00:00:00Z"), { nil: undefined }) })),
  typed("trial.started", fc.constant({})),
  typed("feature.used", fc.record({ feature: fc.constantFrom("export", "reports") })),
  typed(
    "content.engaged",
    fc.record({
      contentType: fc.constantFrom("video", "blog", "newsletter"),
      topic: fc.option(fc.constantFrom("sustainability", "care", "other"), { nil: undefined }),
      durationSeconds: fc.integer({ min: 0, max: 900 }),
    }),
  ),
  typed("referral.converted", fc.record({ referredCustomerId: randomCustomer })),
  typed("maintenance.booked", fc.record({ productId: fc.constant("p1") })),
  typed("appointment.attended", fc.record({ appointmentId: fc.constantFrom("ap1", "ap2") })),
  typed("appointment.missed", fc.record({ appointmentId: fc.constantFrom("ap1", "ap2") })),
  typed("sustainability.info_viewed", fc.record({ page: fc.constant("materials") })),
  typed("takeback.requested", fc.record({ productId: fc.constant("p1") })),
  typed("repair.completed", fc.record({ productId: fc.constant("p1") })),
  typed("portal.login", fc.constant({})),
  typed("wishlist.item_added", fc.record({ productId: fc.constant("p1") })),
  // The cases with an outcome window not covered above: end-of-life prompts, doses, welcome calls.
  typed("eol.prompted", fc.record({ productId: fc.constant("p1") })),
  typed("medication.dose_scheduled", fc.record({ doseId: fc.constantFrom("d1", "d2") })),
  typed("medication.dose_taken", fc.record({ doseId: fc.constantFrom("d1", "d2") })),
  typed("onboarding.call_booked", fc.constant({})),
);
/** One valid event of a small random history. */
export const randomEvent = fc
  .tuple(actor, timestamp, body, fc.option(fc.constantFrom("x1", "x2"), { nil: undefined }), randomCustomer)
  .map(([who, ts, b, sessionId, fallbackCustomer]) => ({
    ...b,
    ...who,
    // customer.identified needs a customerId (an anonymous-only one is rightly rejected).
    ...(b.type === "customer.identified" && !("customerId" in who) ? { customerId: fallbackCustomer } : {}),
    timestamp: ts,
    ...(b.type === "page.viewed" && sessionId ? { sessionId } : {}),
  }));

// Four hours of one day, to the minute: views close enough to make multi-view sessions, and orders
// close enough after them to convert one.
const denseTimestamp = fc
  .integer({ min: Date.UTC(2026, 2, 10, 9), max: Date.UTC(2026, 2, 10, 13) })
  .map((ms) => new Date(ms - (ms % 60_000)).toISOString());
const visitBody = fc.oneof(
  { weight: 3, arbitrary: typed("page.viewed", fc.record({ path: fc.constantFrom("/", "/p/1") })) },
  { weight: 2, arbitrary: typed("product.viewed", fc.record({ productId: fc.constant("p1") })) },
  { weight: 1, arbitrary: typed("order.placed", fc.record({ orderId, total: fc.integer({ min: 0, max: 200 }) })) },
);
/** A view or an order in a dense stretch of time, sometimes in a sessionId shared between actors. */
export const randomDenseVisit = fc
  .tuple(actor, denseTimestamp, visitBody, fc.option(fc.constantFrom("x1", "x2", "x3"), { nil: undefined }))
  .map(([who, ts, b, sessionId]) => ({ ...b, ...who, timestamp: ts, ...(b.type !== "order.placed" && sessionId ? { sessionId } : {}) }));

