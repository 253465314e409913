import { z } from "zod";

/**
 * The event taxonomy of events.md, contract v1: every known type and the rules of its properties.
 * Unknown extra properties are kept (loose objects). Validation, the Segment mapping and the settings
 * pages all read this one table.
 */

export const TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

// Merchant ids may arrive as numbers (Shopify order numbers, say); they are kept as strings.
const id = z.union([z.string().min(1).max(128), z.number().int().safe().transform(String)], {
  message: "must be a string of 1-128 characters",
});
const text = z.string().max(512);
const money = z.number().finite().min(0, { message: "must be a number >= 0" }).max(1e12);
const count = z.number().finite().min(0).max(1e9);
const positive = z.number().finite().gt(0, { message: "must be a number > 0" }).max(1e12);
const currency = z.string().length(3);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of ${values.join(", ")}` });

/**
 * content.engaged's contentType and topic. Append only: a value's position is its bit in the content
 * masks stored in customer_activity_days (server/metrics/sql.ts), so a reordering would misread them.
 */
export const CONTENT_TYPES = ["newsletter", "blog", "video", "tutorial", "community", "social"] as const;
export const CONTENT_TOPICS = ["sustainability", "care", "lifestyle", "product", "other"] as const;

export const SURVEY_KINDS = ["nps", "ces", "csat", "dpp_feedback", "exit"] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const SURVEY_SCORE_RANGES: Record<Exclude<SurveyKind, "exit">, [number, number]> = {
  nps: [0, 10],
  ces: [1, 7],
  csat: [1, 5],
  dpp_feedback: [1, 5],
};

const item = z.looseObject({
  productId: id.optional(),
  quantity: count.optional(),
  price: money.optional(),
  sustainable: z.boolean().optional(),
});

const surveyResponded = z
  .looseObject({
    kind: oneOf(SURVEY_KINDS),
    score: z.number().int({ message: "must be a whole number" }).optional(),
    surveyId: id.optional(),
    reason: text.optional(),
    comment: z.string().max(2000, { message: "must be at most 2000 characters" }).optional(),
    checkoutId: id.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.kind === "exit") return;
    const [min, max] = SURVEY_SCORE_RANGES[p.kind];
    if (p.score === undefined) ctx.addIssue({ code: "custom", path: ["score"], message: "is required for this kind" });
    else if (p.score < min || p.score > max) {
      ctx.addIssue({ code: "custom", path: ["score"], message: `must be from ${min} to ${max} for ${p.kind}` });
    }
  });

const orderRef = z.looseObject({ orderId: id, reason: text.optional(), productId: id.optional() });
const productRef = z.looseObject({ productId: id, orderId: id.optional() });
const valued = z.looseObject({ productId: id, value: money.optional() });
const none = z.looseObject({});

export const EVENT_TYPES = {
  // Commerce
  "order.placed": z.looseObject({
    orderId: id,
    total: money,
    currency: currency.optional(),
    items: z.array(item).max(1000).optional(),
    sustainable: z.boolean().optional(),
    discount: money.optional(),
    shipping: money.optional(),
    tax: money.optional(),
    coupon: text.optional(),
    checkoutId: id.optional(),
  }),
  "order.refunded": z.looseObject({ orderId: id, amount: money.optional(), reason: text.optional() }),
  "order.canceled": z.looseObject({ orderId: id, reason: text.optional() }),
  "return.requested": orderRef,
  "return.received": orderRef,
  "order.shipped": z.looseObject({ orderId: id, carrier: text.optional() }),
  "order.delivered": z.looseObject({ orderId: id, carrier: text.optional() }),
  "subscription.started": z.looseObject({ subscriptionId: id, mrr: money, plan: text.optional(), currency: currency.optional() }),
  "subscription.changed": z.looseObject({ subscriptionId: id, mrr: money, plan: text.optional() }),
  "subscription.canceled": z.looseObject({ subscriptionId: id, reason: text.optional(), effectiveAt: z.iso.datetime({ offset: true }).optional() }),
  "subscription.paused": z.looseObject({ subscriptionId: id }),
  "subscription.resumed": z.looseObject({ subscriptionId: id }),
  "trial.started": z.looseObject({ plan: text.optional() }),
  // Web and checkout
  "page.viewed": z.looseObject({ path: text.optional(), referrer: text.optional(), utmSource: text.optional(), utmCampaign: text.optional() }),
  "product.viewed": z.looseObject({ productId: id, price: money.optional() }),
  "cart.item_added": z.looseObject({ productId: id, quantity: count.optional(), price: money.optional() }),
  "checkout.started": z.looseObject({ checkoutId: id, value: money.optional(), shippingCost: money.optional(), variant: text.optional() }),
  "checkout.step_viewed": z.looseObject({ checkoutId: id, step: z.string().min(1).max(64), stepIndex: z.number().int().min(0).optional(), variant: text.optional() }),
  "checkout.completed": z.looseObject({ checkoutId: id, orderId: id.optional() }),
  "cart.recovery_sent": z.looseObject({ checkoutId: id, channel: oneOf(["email", "sms", "push"]), nudge: oneOf(["sustainability", "discount", "reminder"]).optional() }),
  "policy.viewed": z.looseObject({ policy: oneOf(["shipping", "returns", "warranty"]), checkoutId: id.optional() }),
  "sustainability.info_viewed": z.looseObject({ productId: id.optional(), checkoutId: id.optional() }),
  // Digital product passport and lifecycle
  "dpp.viewed": z.looseObject({ productId: id, context: oneOf(["pre_purchase", "post_purchase"]), checkoutId: id.optional(), section: text.optional() }),
  "repair.requested": productRef,
  "repair.completed": productRef,
  "maintenance.booked": z.looseObject({ productId: id }),
  "resale.listed": valued,
  "takeback.requested": valued,
  "recycling.completed": valued,
  "eol.prompted": z.looseObject({ productId: id, channel: text.optional() }),
  // Content, community and advocacy
  "content.engaged": z.looseObject({
    contentType: oneOf(CONTENT_TYPES),
    topic: oneOf(CONTENT_TOPICS).optional(),
    contentId: id.optional(),
    durationSeconds: count.optional(),
  }),
  "content.shared": z.looseObject({
    contentType: oneOf(CONTENT_TYPES),
    contentId: id.optional(),
    channel: text.optional(),
  }),
  "content.commented": z.looseObject({ contentId: id }),
  "referral.sent": z.looseObject({ referralCode: text.optional() }),
  "referral.converted": z.looseObject({ referredCustomerId: id, referralCode: text.optional() }),
  // Post-purchase experience and service
  "tracking.viewed": z.looseObject({ orderId: id, source: oneOf(["email", "sms", "site"]).optional() }),
  "email.sent": z.looseObject({ emailType: oneOf(["order_confirmation", "shipping", "marketing", "other"]), orderId: id.optional(), campaign: text.optional() }),
  "email.clicked": z.looseObject({ emailType: oneOf(["order_confirmation", "shipping", "marketing", "other"]), orderId: id.optional(), campaign: text.optional() }),
  "support.contacted": z.looseObject({ reason: oneOf(["wismo", "wismr", "product", "billing", "other"]), channel: text.optional(), handleMinutes: count.optional() }),
  "onboarding.call_booked": none,
  "request.created": z.looseObject({ requestId: id }),
  "request.responded": z.looseObject({ requestId: id }),
  "deliverable.shared": z.looseObject({ deliverableId: id }),
  "deliverable.reviewed": z.looseObject({ deliverableId: id }),
  "portal.login": none,
  "feature.used": z.looseObject({ feature: z.string().min(1).max(128) }),
  "review.submitted": z.looseObject({ productId: id.optional(), rating: z.number().int().min(1).max(5).optional() }),
  // Voice of the customer
  "survey.sent": z.looseObject({ kind: oneOf(SURVEY_KINDS), surveyId: id.optional() }),
  "survey.responded": surveyResponded,
  // Loyalty
  "loyalty.enrolled": z.looseObject({ programId: id.optional(), tier: text.optional() }),
  "loyalty.points_earned": z.looseObject({ points: positive, reason: oneOf(["purchase", "signup", "referral", "review", "other"]).optional() }),
  "loyalty.points_redeemed": z.looseObject({ points: positive, rewardValue: money.optional() }),
  "loyalty.points_expired": z.looseObject({ points: positive }),
  // Industry frameworks
  "appointment.scheduled": z.looseObject({ appointmentId: id }),
  "appointment.attended": z.looseObject({ appointmentId: id }),
  "appointment.missed": z.looseObject({ appointmentId: id }),
  "medication.dose_scheduled": z.looseObject({ doseId: id }),
  "medication.dose_taken": z.looseObject({ doseId: id }),
  // Identity
  "customer.identified": z.looseObject({ traits: z.record(z.string(), z.unknown(), { message: "must be an object" }) }),
} as const satisfies Record<string, z.ZodType<Record<string, unknown>>>;

export type KnownEventType = keyof typeof EVENT_TYPES;
export const KNOWN_EVENT_TYPES = Object.keys(EVENT_TYPES) as KnownEventType[];

export function isKnownEventType(type: string): type is KnownEventType {
  return Object.hasOwn(EVENT_TYPES, type);
}

/** Traits the UI knows by name; any other trait is kept and shown as it is. */
export const KNOWN_TRAITS = ["email", "name", "country", "gender", "acquisitionChannel", "createdAt", "plan"] as const;
