import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { KNOWN_EVENT_TYPES, isKnownEventType } from "@/lib/events/taxonomy";
import { validateEvent } from "@/server/ingest/validate";
import { CHECKOUT_STEPS } from "./catalog";
import { generateDemoEvents, type DemoEvent, type DemoOptions } from "./generate";
import { demoNdjson } from "./ndjson";
import * as m from "./testing/measure";

const NOW = new Date("2026-05-01T12:00:00Z");
const DEMO_SIZE = 2_000;

async function collect(options: DemoOptions): Promise<DemoEvent[][]> {
  const batches: DemoEvent[][] = [];
  for await (const batch of generateDemoEvents(options)) batches.push(batch);
  return batches;
}

async function sha256(options: DemoOptions): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of demoNdjson(options)) hash.update(chunk);
  return hash.digest("hex");
}

let events: DemoEvent[];
beforeAll(async () => {
  events = (await collect({ seed: 1, customers: DEMO_SIZE, now: NOW })).flat();
}, 60_000);

const ofType = (type: string) => events.filter((e) => e.type === type);
const pct = (x: number | null) => Math.round(100 * (x ?? NaN));

describe("determinism", () => {
  it("gives byte-identical NDJSON for the same seed, size and now, and other data for another seed", async () => {
    const options = { seed: 42, customers: 150, now: NOW };
    const first = await sha256(options);
    expect(await sha256(options)).toBe(first);
    expect(await sha256({ ...options, seed: 43 })).not.toBe(first);
    expect(await sha256({ ...options, now: new Date("2026-05-02T12:00:00Z") })).not.toBe(first);
  }, 30_000);

  it("does not depend on the batch size", async () => {
    const reference = await sha256({ seed: 5, customers: 60, now: NOW });
    for (const batchSize of [1, 7, 500, 100_000]) {
      const batches = await collect({ seed: 5, customers: 60, now: NOW, batchSize });
      expect(batches.slice(0, -1).every((b) => b.length === batchSize)).toBe(true);
      expect(await sha256({ seed: 5, customers: 60, now: NOW, batchSize })).toBe(reference);
    }
  }, 30_000);

  it("keeps a customer's data when the run is larger (customers are generated independently)", async () => {
    const small = (await collect({ seed: 9, customers: 20, now: NOW })).flat();
    const large = (await collect({ seed: 9, customers: 40, now: NOW })).flat();
    const ownEvents = (list: DemoEvent[]) => list.filter((e) => /^demo-9-3-/.test(e.id) && e.type !== "referral.converted");
    expect(ownEvents(large)).toEqual(ownEvents(small));
  });

  it("refuses options it cannot honour", async () => {
    await expect(collect({ seed: -1, customers: 1, now: NOW })).rejects.toThrow(/seed/);
    await expect(collect({ seed: 1, customers: 0, now: NOW })).rejects.toThrow(/customers/);
    await expect(collect({ seed: 1, customers: 1.5, now: NOW })).rejects.toThrow(/whole number/);
    await expect(collect({ seed: 1, customers: 1, now: new Date("nope") })).rejects.toThrow(/now/);
  });
});

describe("a demo-size run (2,000 customers)", () => {
  it("passes validateEvent, event by event", () => {
    const failures = events.map((e) => ({ e, r: validateEvent(e, { now: NOW }) })).filter(({ r }) => !r.ok);
    expect(failures.slice(0, 3)).toEqual([]);
  }, 30_000);

  it("dates nothing after now and nothing before the year it covers", () => {
    const times = events.map((e) => Date.parse(e.timestamp));
    expect(times.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(NOW.getTime());
    expect(times.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(NOW.getTime() - 365 * m.DAY);
    expect(events.every((e) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(e.timestamp))).toBe(true);
  });

  it("contains every known event type, and custom events", () => {
    const types = new Set(events.map((e) => e.type));
    expect(KNOWN_EVENT_TYPES.filter((t) => !types.has(t))).toEqual([]);
    expect([...types].filter((t) => !isKnownEventType(t)).sort()).toEqual(["back_in_stock.requested", "gift_card.purchased", "newsletter.subscribed", "wishlist.item_added"]);
  });

  it("gives every event a unique id", () => {
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("has a realistic size: about 70 events per customer, most of them page and product views", () => {
    expect(events.length / DEMO_SIZE).toBeGreaterThan(50);
    expect(events.length / DEMO_SIZE).toBeLessThan(90);
    expect(ofType("page.viewed").length + ofType("product.viewed").length).toBeGreaterThan(events.length * 0.4);
  });
});

describe("identity and sessions", () => {
  it("starts customers anonymous and links the device when they identify", () => {
    const identified = ofType("customer.identified").filter((e) => e.anonymousId);
    const firstLink = new Map<string, number>();
    for (const e of identified) if (!firstLink.has(e.customerId!)) firstLink.set(e.customerId!, Date.parse(e.timestamp));
    const anonymousBefore = new Set(
      events.filter((e) => !e.customerId && e.anonymousId).map((e) => e.anonymousId!),
    );
    const stitched = identified.filter((e) => anonymousBefore.has(e.anonymousId!));
    expect(new Set(stitched.map((e) => e.customerId)).size).toBeGreaterThan(DEMO_SIZE * 0.8);
    // Some customers come back on a second device and sign in there too.
    const devices = m.by(identified, (e) => e.customerId!);
    expect([...devices.values()].filter((list) => new Set(list.map((e) => e.anonymousId)).size > 1).length).toBeGreaterThan(50);
  });

  it("carries the traits the dashboards use, with a realistic mix of countries and channels", () => {
    // The first identify of each customer carries the profile; later ones change a trait or link a device.
    const traits = [...m.by(ofType("customer.identified"), (e) => e.customerId!).values()].map((list) => list[0]!.properties.traits as Record<string, unknown>);
    expect(traits.length).toBeGreaterThan(DEMO_SIZE * 0.9);
    for (const key of ["email", "name", "country", "acquisitionChannel", "createdAt", "plan"]) expect(traits.every((t) => t[key] !== undefined)).toBe(true);
    expect(traits.filter((t) => t.gender).length).toBeGreaterThan(traits.length * 0.9);
    const countries = m.by(traits, (t) => t.country as string);
    expect(countries.get("DE")!.length).toBeGreaterThan(countries.get("FR")!.length);
    for (const c of ["DE", "FR", "NL", "GB", "US"]) expect(countries.get(c)?.length ?? 0).toBeGreaterThan(50);
    expect(new Set(traits.map((t) => t.acquisitionChannel))).toEqual(new Set(["organic", "paid", "referral", "email", "social"]));
    expect(traits.every((t) => String(t.email).match(/@(example\.(com|org|net)|mail\.example)$/))).toBe(true);
  });

  it("has sessions with ids and sessions cut by 30-minute gaps, with believable bounce and depth", () => {
    const views = events.filter((e) => e.type === "page.viewed" || e.type === "product.viewed");
    expect(views.filter((e) => !e.sessionId).length).toBeGreaterThan(views.length * 0.05);
    const sessions = m.sessions(events);
    const bounce = sessions.filter((s) => s.views === 1).length / sessions.length;
    expect(bounce).toBeGreaterThan(0.3);
    expect(bounce).toBeLessThan(0.6);
    const orders = m.orders(events).length;
    expect(orders / sessions.length).toBeGreaterThan(0.02);
    expect(orders / sessions.length).toBeLessThan(0.08);
  });
});

describe("checkouts", () => {
  const settled = () => m.checkouts(events).filter((c) => c.startedAt < NOW.getTime() - m.DAY);

  it("views the steps in order, with their index, and abandons about half", () => {
    for (const e of ofType("checkout.step_viewed")) expect(CHECKOUT_STEPS[e.properties.stepIndex as number]).toBe(e.properties.step);
    const rate = m.abandonmentRate(settled())!;
    expect(rate).toBeGreaterThan(0.4);
    expect(rate).toBeLessThan(0.7);
    // Fewer reach each later step.
    const reached = CHECKOUT_STEPS.map((_, i) => settled().filter((c) => c.lastStep >= i).length);
    expect([...reached].sort((a, b) => b - a)).toEqual(reached);
    expect(ofType("order.placed").every((e) => typeof e.properties.checkoutId === "string")).toBe(true);
  });

  it("abandons less when a passport or sustainability page was read during the checkout", () => {
    const all = settled();
    const withView = m.abandonmentRate(all.filter((c) => c.sustainabilityView))!;
    const without = m.abandonmentRate(all.filter((c) => !c.sustainabilityView))!;
    expect(all.filter((c) => c.sustainabilityView).length).toBeGreaterThan(200);
    expect(pct(without) - pct(withView)).toBeGreaterThanOrEqual(12);
  });

  it("abandons more after a look at the shipping policy", () => {
    const all = settled();
    expect(m.abandonmentRate(all.filter((c) => c.policies.has("shipping")))!).toBeGreaterThan(m.abandonmentRate(all.filter((c) => c.policies.size === 0))! + 0.04);
  });

  it("runs an A/B test on a share of checkouts", () => {
    const variants = m.by(settled(), (c) => c.variant);
    expect([...variants.keys()].sort()).toEqual(["control", "express_checkout", null].sort());
    expect(variants.get("control")!.length).toBeGreaterThan(300);
    expect(variants.get(null)!.length).toBeGreaterThan(variants.get("control")!.length);
  });

  it("recovers some abandoned checkouts within 7 days of the first message, the discount best", () => {
    const byId = new Map(m.checkouts(events).map((c) => [c.id, c]));
    const first = new Map<string, DemoEvent>();
    for (const e of ofType("cart.recovery_sent")) if (!first.has(e.properties.checkoutId as string)) first.set(e.properties.checkoutId as string, e);
    const converted = (e: DemoEvent) => {
      const c = byId.get(e.properties.checkoutId as string)!;
      return c.completedAt !== null && c.completedAt > Date.parse(e.timestamp) && c.completedAt - Date.parse(e.timestamp) <= 7 * m.DAY;
    };
    const byNudge = m.by([...first.values()], (e) => e.properties.nudge as string);
    const rateOf = (nudge: string) => byNudge.get(nudge)!.filter(converted).length / byNudge.get(nudge)!.length;
    expect(rateOf("discount")).toBeGreaterThan(rateOf("reminder"));
    for (const nudge of ["discount", "sustainability", "reminder"]) {
      expect(rateOf(nudge)).toBeGreaterThan(0.03);
      expect(rateOf(nudge)).toBeLessThan(0.3);
    }
    expect(new Set(ofType("cart.recovery_sent").map((e) => e.properties.channel))).toEqual(new Set(["email", "sms", "push"]));
  });

  it("asks some who leave why, and keeps the answers below 100%", () => {
    const sent = ofType("survey.sent").filter((e) => e.properties.kind === "exit").length;
    const answers = ofType("survey.responded").filter((e) => e.properties.kind === "exit");
    expect(answers.length).toBeGreaterThan(50);
    expect(answers.length).toBeLessThan(sent * 0.5);
    expect(answers.every((e) => typeof e.properties.reason === "string" && typeof e.properties.checkoutId === "string")).toBe(true);
  });
});

describe("orders and after", () => {
  it("has realistic totals, mostly in EUR with some GBP and USD", () => {
    const orders = m.orders(events);
    const byCurrency = m.by(orders, (o) => o.currency);
    expect([...byCurrency.keys()].sort()).toEqual(["EUR", "GBP", "USD"]);
    expect(byCurrency.get("EUR")!.length).toBeGreaterThan(orders.length * 0.75);
    const aov = m.mean(byCurrency.get("EUR")!.map((o) => o.total))!;
    expect(aov).toBeGreaterThan(80);
    expect(aov).toBeLessThan(200);
    const placed = ofType("order.placed");
    expect(placed.filter((e) => e.properties.coupon).length).toBeGreaterThan(placed.length * 0.05);
    const share = placed.filter((e) => e.properties.sustainable).length / placed.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
    for (const e of placed) {
      const p = e.properties as { total: number; discount: number; shipping: number; tax: number; items: { price: number; quantity: number }[] };
      const subtotal = p.items.reduce((s, i) => s + i.price * i.quantity, 0);
      const usTax = e.properties.currency === "USD" ? p.tax : 0;
      expect(p.total).toBeCloseTo(subtotal - p.discount + p.shipping + usTax, 2);
    }
  });

  it("refunds in full and in part, and cancels a few orders", () => {
    const refunds = ofType("order.refunded");
    expect(refunds.filter((e) => e.properties.amount === undefined).length).toBeGreaterThan(20);
    expect(refunds.filter((e) => typeof e.properties.amount === "number").length).toBeGreaterThan(20);
    const canceled = ofType("order.canceled").length;
    expect(canceled).toBeGreaterThan(10);
    expect(canceled).toBeLessThan(ofType("order.placed").length * 0.05);
  });

  it("clusters WISMO contacts after late shipments", () => {
    const wismo = new Set(ofType("support.contacted").filter((e) => e.properties.reason === "wismo").map((e) => e.properties.orderId));
    const shipped = m.orders(events).filter((o) => o.shippedAt !== null);
    const late = shipped.filter((o) => o.shippedAt! - o.at > 3 * m.DAY);
    const onTime = shipped.filter((o) => o.shippedAt! - o.at <= 3 * m.DAY);
    const rate = (list: m.OrderFacts[]) => list.filter((o) => wismo.has(o.orderId)).length / list.length;
    expect(late.length).toBeGreaterThan(100);
    expect(rate(late)).toBeGreaterThan(5 * rate(onTime));
    // Most contacts are about late parcels, although late parcels are a small share.
    expect(late.filter((o) => wismo.has(o.orderId)).length).toBeGreaterThan(wismo.size / 2);
  });

  it("asks where refunds are after returns, and tracks and clicks some orders", () => {
    const returned = new Set(ofType("return.requested").map((e) => e.properties.orderId));
    const wismr = ofType("support.contacted").filter((e) => e.properties.reason === "wismr");
    expect(wismr.length).toBeGreaterThan(10);
    expect(wismr.every((e) => returned.has(e.properties.orderId))).toBe(true);
    expect(ofType("return.received").length).toBeLessThanOrEqual(returned.size);
    const orders = ofType("order.placed").length;
    expect(ofType("tracking.viewed").length / orders).toBeGreaterThan(0.5);
    const clicked = new Set(ofType("email.clicked").filter((e) => e.properties.emailType === "order_confirmation").map((e) => e.properties.orderId));
    expect(clicked.size / orders).toBeGreaterThan(0.1);
    expect(clicked.size / orders).toBeLessThan(0.5);
  });
});

describe("loyalty", () => {
  it("enrols a share of customers, whose orders are bigger and more frequent", () => {
    const enrolled = new Set(ofType("loyalty.enrolled").map((e) => e.customerId));
    const identified = new Set(ofType("customer.identified").map((e) => e.customerId));
    expect(enrolled.size / identified.size).toBeGreaterThan(0.15);
    expect(enrolled.size / identified.size).toBeLessThan(0.5);
    const eur = m.orders(events).filter((o) => o.currency === "EUR" && !o.canceled);
    const memberAov = m.mean(eur.filter((o) => o.enrolledBefore).map((o) => o.total))!;
    const otherAov = m.mean(eur.filter((o) => !o.enrolledBefore).map((o) => o.total))!;
    expect(memberAov).toBeGreaterThan(otherAov * 1.1);
    const perCustomer = m.by(m.orders(events), (o) => o.customerId);
    const count = (member: boolean) => m.mean([...perCustomer].filter(([c]) => enrolled.has(c) === member).map(([, list]) => list.length))!;
    expect(count(true)).toBeGreaterThan(count(false) * 1.1);
  });

  it("earns points for purchases, sign-ups, referrals and reviews, and redeems and expires some", () => {
    const reasons = new Set(ofType("loyalty.points_earned").map((e) => e.properties.reason));
    expect(reasons).toEqual(new Set(["purchase", "signup", "referral", "review"]));
    const earned = ofType("loyalty.points_earned").reduce((s, e) => s + (e.properties.points as number), 0);
    const redeemed = ofType("loyalty.points_redeemed").reduce((s, e) => s + (e.properties.points as number), 0);
    expect(redeemed / earned).toBeGreaterThan(0.05);
    expect(redeemed / earned).toBeLessThan(0.5);
    expect(ofType("loyalty.points_expired").length).toBeGreaterThan(10);
  });
});

describe("voice of the customer", () => {
  it("skews NPS towards promoters with a tail of detractors", () => {
    const nps = m.nps(m.scores(events, "nps"));
    expect(nps.promoters).toBeGreaterThan(2 * nps.detractors);
    expect(nps.detractors).toBeGreaterThan(0);
    expect(nps.passives).toBeGreaterThan(0);
    expect(nps.score).toBeGreaterThan(10);
    expect(nps.score).toBeLessThan(70);
  });

  it("keeps scores in their ranges and response rates well below 100%", () => {
    for (const [kind, min, max] of [["nps", 0, 10], ["ces", 1, 7], ["csat", 1, 5], ["dpp_feedback", 1, 5]] as const) {
      const scores = m.scores(events, kind);
      expect(scores.length).toBeGreaterThan(10);
      expect(scores.every((s) => Number.isInteger(s) && s >= min && s <= max)).toBe(true);
      const sent = ofType("survey.sent").filter((e) => e.properties.kind === kind).length;
      expect(scores.length / sent).toBeGreaterThan(0.15);
      expect(scores.length / sent).toBeLessThan(0.6);
    }
    expect(m.mean(m.scores(events, "ces"))).toBeGreaterThan(4.5);
    expect(ofType("survey.responded").filter((e) => e.properties.comment).length).toBeGreaterThan(30);
  });
});

describe("subscriptions and services", () => {
  it("churns some subscriptions, pauses and switches others, and converts about half the trials", () => {
    const started = ofType("subscription.started");
    const canceled = ofType("subscription.canceled");
    expect(started.length).toBeGreaterThan(50);
    expect(canceled.length).toBeGreaterThan(5);
    expect(canceled.length).toBeLessThan(started.length / 2);
    expect(started.every((e) => (e.properties.mrr as number) > 0)).toBe(true);
    const subscribed = new Map(started.map((e) => [e.customerId, Date.parse(e.timestamp)]));
    const trials = ofType("trial.started");
    const converted = trials.filter((t) => {
      const at = subscribed.get(t.customerId);
      return at !== undefined && at >= Date.parse(t.timestamp) && at - Date.parse(t.timestamp) <= 30 * m.DAY;
    });
    expect(converted.length / trials.length).toBeGreaterThan(0.25);
    expect(converted.length / trials.length).toBeLessThan(0.7);
  });

  it("books welcome calls within 14 days of first orders, and answers requests in about a day", () => {
    const firstOrder = new Map<string, number>();
    for (const o of m.orders(events)) if (!firstOrder.has(o.customerId) || o.at < firstOrder.get(o.customerId)!) firstOrder.set(o.customerId, o.at);
    const calls = ofType("onboarding.call_booked");
    expect(calls.every((e) => Date.parse(e.timestamp) - firstOrder.get(e.customerId!)! <= 14 * m.DAY)).toBe(true);
    expect(new Set(calls.map((e) => e.customerId)).size / firstOrder.size).toBeGreaterThan(0.15);
    const created = new Map(ofType("request.created").map((e) => [e.properties.requestId, Date.parse(e.timestamp)]));
    const hours = ofType("request.responded").map((e) => (Date.parse(e.timestamp) - created.get(e.properties.requestId)!) / m.HOUR);
    expect(m.median(hours)).toBeGreaterThan(8);
    expect(m.median(hours)).toBeLessThan(40);
    expect(hours.length).toBeLessThan(created.size);
  });

  it("takes most medication doses and attends most appointments", () => {
    const scheduled = ofType("medication.dose_scheduled").length;
    const taken = ofType("medication.dose_taken").length;
    expect(taken / scheduled).toBeGreaterThan(0.5);
    expect(taken / scheduled).toBeLessThan(0.95);
    expect(ofType("appointment.attended").length).toBeGreaterThan(ofType("appointment.missed").length);
  });
});

describe("sustainability, content and referrals", () => {
  it("acts on some end-of-life prompts within 30 days", () => {
    const prompts = m.by(ofType("eol.prompted"), (e) => e.customerId!);
    const actions = m.by(events.filter((e) => ["takeback.requested", "recycling.completed", "resale.listed"].includes(e.type)), (e) => e.customerId!);
    const acted = [...prompts].filter(([customer, list]) => {
      const first = Math.min(...list.map((e) => Date.parse(e.timestamp)));
      return (actions.get(customer) ?? []).some((a) => Date.parse(a.timestamp) >= first && Date.parse(a.timestamp) - first <= 30 * m.DAY);
    });
    expect(acted.length / prompts.size).toBeGreaterThan(0.1);
    expect(acted.length / prompts.size).toBeLessThan(0.6);
    expect(ofType("dpp.viewed").filter((e) => e.properties.context === "post_purchase").length).toBeGreaterThan(100);
  });

  it("engages with content of every type and topic, sustainability among them", () => {
    const engaged = ofType("content.engaged");
    expect(new Set(engaged.map((e) => e.properties.contentType))).toEqual(new Set(["newsletter", "blog", "video", "tutorial", "community", "social"]));
    expect(new Set(engaged.map((e) => e.properties.topic))).toEqual(new Set(["sustainability", "care", "lifestyle", "product", "other"]));
    expect(engaged.filter((e) => e.properties.contentType === "video").every((e) => (e.properties.durationSeconds as number) > 0)).toBe(true);
    expect(ofType("content.shared").length).toBeGreaterThan(20);
    expect(ofType("content.commented").length).toBeGreaterThan(20);
  });

  it("credits referrals to an earlier buyer, for a referred customer who buys", () => {
    const firstOrder = new Map<string, number>();
    for (const o of m.orders(events)) if (!firstOrder.has(o.customerId) || o.at < firstOrder.get(o.customerId)!) firstOrder.set(o.customerId, o.at);
    const conversions = ofType("referral.converted");
    expect(conversions.length).toBeGreaterThan(50);
    for (const e of conversions) {
      const referred = e.properties.referredCustomerId as string;
      expect(referred).not.toBe(e.customerId);
      expect(firstOrder.get(referred)).toBeLessThanOrEqual(Date.parse(e.timestamp));
      expect(firstOrder.get(e.customerId!)).toBeLessThan(Date.parse(e.timestamp));
    }
  });
});
