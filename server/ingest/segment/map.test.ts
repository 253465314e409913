import { describe, expect, it } from "vitest";
import { validateEvent } from "@/server/ingest/validate";
import { mappingTable, mapSegmentMessage, type AftercartEvent, type MapContext, type SegmentCall } from "./map";

const receivedAt = new Date("2026-03-02T12:00:00.000Z");
const ctx = (extra: Partial<MapContext> = {}): MapContext => ({ mappings: new Map(), receivedAt, ...extra });

function mapped(call: SegmentCall | null, message: Record<string, unknown>, context = ctx()): AftercartEvent[] {
  const result = mapSegmentMessage(call, message, context);
  if (!result.ok) throw new Error(`expected the message to map, got ${result.code}: ${result.message}`);
  // Whatever the mapper produces must be a valid Aftercart event.
  for (const event of result.events) {
    const checked = validateEvent(event, { now: receivedAt });
    expect(checked.ok, JSON.stringify(checked)).toBe(true);
  }
  return result.events;
}

function rejection(call: SegmentCall | null, message: unknown, context = ctx()) {
  const result = mapSegmentMessage(call, message, context);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.events)}`);
  return { code: result.code, message: result.message };
}

const track = (event: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  mapped("track", { userId: "c_1", messageId: "m_1", timestamp: "2026-03-02T10:15:00Z", event, properties, ...extra });

describe("the envelope", () => {
  it("maps userId, anonymousId, messageId and timestamp", () => {
    const [event] = mapped("page", { userId: "c_1", anonymousId: "a_1", messageId: "m_1", timestamp: "2026-03-02T10:15:00Z" });
    expect(event).toMatchObject({ id: "m_1", type: "page.viewed", customerId: "c_1", anonymousId: "a_1", timestamp: "2026-03-02T10:15:00Z" });
  });

  it("reads numeric ids as strings and an empty userId as none", () => {
    const [event] = mapped("page", { userId: "", anonymousId: 42 });
    expect(event!.customerId).toBeUndefined();
    expect(event!.anonymousId).toBe("42");
  });

  it("needs a userId or an anonymousId", () => {
    expect(rejection("track", { event: "X" })).toEqual({ code: "missing_identity", message: "a track call needs a userId or an anonymousId" });
    expect(rejection("page", { userId: { id: 1 } }).code).toBe("invalid_field");
  });

  it("corrects originalTimestamp for clock skew with sentAt when timestamp is absent", () => {
    // The device clock is 5 minutes fast: sent at 12:05 by its clock, received at 12:00.
    const [event] = mapped("page", { anonymousId: "a", originalTimestamp: "2026-03-02T11:55:00Z", sentAt: "2026-03-02T12:05:00Z" });
    expect(event!.timestamp).toBe("2026-03-02T11:50:00.000Z");
  });

  it("uses the batch's sentAt when the message has none, and originalTimestamp alone as it is", () => {
    const batch = ctx({ batchSentAt: "2026-03-02T12:00:10Z" });
    expect(mapped(null, { type: "page", anonymousId: "a", originalTimestamp: "2026-03-02T11:00:10Z" }, batch)[0]!.timestamp).toBe("2026-03-02T11:00:00.000Z");
    expect(mapped("page", { anonymousId: "a", originalTimestamp: "2026-03-02T11:00:00Z" })[0]!.timestamp).toBe("2026-03-02T11:00:00.000Z");
  });

  it("prefers timestamp over originalTimestamp, and leaves the time of receipt to the store without either", () => {
    const [explicit] = mapped("page", { anonymousId: "a", timestamp: "2025-01-01T00:00:00Z", originalTimestamp: "2026-03-02T11:00:00Z", sentAt: "2026-03-02T12:00:00Z" });
    expect(explicit!.timestamp).toBe("2025-01-01T00:00:00Z");
    expect(mapped("page", { anonymousId: "a" })[0]!.timestamp).toBeUndefined();
  });

  it("rejects an originalTimestamp without an offset", () => {
    expect(rejection("page", { anonymousId: "a", originalTimestamp: "2026-03-02 11:00" }).code).toBe("invalid_timestamp");
  });

  it("applies the batch's context to each message, the message's own keys winning", () => {
    const batch = ctx({ batchContext: { campaign: { source: "newsletter" }, page: { path: "/batch" } } });
    const [event] = mapped(null, { type: "page", anonymousId: "a", context: { page: { path: "/own" } } }, batch);
    expect(event!.properties).toMatchObject({ utmSource: "newsletter", path: "/own" });
  });

  it("takes RudderStack's context.sessionId as the session", () => {
    expect(mapped("page", { anonymousId: "a", context: { sessionId: 1700000000000 } })[0]!.sessionId).toBe("1700000000000");
  });

  it("needs a known type for each message of a batch", () => {
    expect(rejection(null, { event: "X", userId: "u" }).code).toBe("invalid_call");
    expect(rejection(null, { type: "purchase", userId: "u" }).code).toBe("invalid_call");
    expect(rejection(null, "track").code).toBe("invalid_message");
  });
});

describe("identify", () => {
  it("becomes customer.identified with the traits, known snake_case traits in camelCase", () => {
    const [event] = mapped("identify", {
      userId: "c_1",
      anonymousId: "a_1",
      traits: { email: "ada@example.test", created_at: "2025-01-01", acquisition_channel: "ads", favourite_color: "green", address: { country: "DE" } },
    });
    expect(event).toMatchObject({ type: "customer.identified", customerId: "c_1", anonymousId: "a_1" });
    expect(event!.properties.traits).toEqual({
      email: "ada@example.test",
      createdAt: "2025-01-01",
      acquisitionChannel: "ads",
      favourite_color: "green",
      address: { country: "DE" },
      country: "DE",
    });
  });

  it("reads RudderStack's context.traits, and no traits as empty", () => {
    expect(mapped("identify", { userId: "c", context: { traits: { plan: "pro" } } })[0]!.properties).toEqual({ traits: { plan: "pro" } });
    expect(mapped("identify", { userId: "c" })[0]!.properties).toEqual({ traits: {} });
  });

  it("needs a userId and object traits", () => {
    expect(rejection("identify", { anonymousId: "a", traits: {} }).code).toBe("missing_user_id");
    expect(rejection("identify", { userId: "c", traits: "vip" }).code).toBe("invalid_traits");
  });
});

describe("page", () => {
  it("becomes page.viewed with name, path, url, referrer and the utm fields of context.campaign", () => {
    const [event] = mapped("page", {
      anonymousId: "a",
      name: "Pricing",
      properties: { path: "/pricing", url: "https://shop.test/pricing?utm_source=x", referrer: "https://google.com/", title: "Pricing" },
      context: { campaign: { source: "google", medium: "cpc", name: "spring", term: "shoes", content: "ad1" } },
    });
    expect(event).toMatchObject({ type: "page.viewed" });
    expect(event!.properties).toEqual({
      name: "Pricing",
      path: "/pricing",
      url: "https://shop.test/pricing?utm_source=x",
      referrer: "https://google.com/",
      title: "Pricing",
      utmSource: "google",
      utmMedium: "cpc",
      utmCampaign: "spring",
      utmTerm: "shoes",
      utmContent: "ad1",
    });
  });

  it("falls back to context.page and cuts a referrer past 512 characters rather than losing the view", () => {
    const long = `https://ref.test/?q=${"x".repeat(600)}`;
    const [event] = mapped("page", { anonymousId: "a", context: { page: { path: "/a", referrer: long } } });
    expect(event!.properties.path).toBe("/a");
    expect(event!.properties.referrer).toBe(long.slice(0, 512));
  });
});

describe("alias, screen and group", () => {
  it("turns alias into a customer.identified with no traits carrying previousId as the anonymous id, so the two ids link", () => {
    const [event] = mapped("alias", { previousId: "anon_7", userId: "c_1", messageId: "m_a" });
    expect(event).toEqual({ id: "m_a", type: "customer.identified", customerId: "c_1", anonymousId: "anon_7", properties: { traits: {}, previousId: "anon_7" } });
  });

  it("needs both ids for an alias", () => {
    expect(rejection("alias", { userId: "c_1" }).code).toBe("missing_identity");
    expect(rejection("alias", { previousId: "anon_7", anonymousId: "anon_7" }).code).toBe("missing_identity");
  });

  it("keeps screens and groups as custom events", () => {
    expect(mapped("screen", { userId: "c", name: "Home", properties: { tab: 2 } })[0]).toMatchObject({ type: "segment.screen", properties: { tab: 2, name: "Home" } });
    expect(mapped("group", { userId: "c", groupId: "g_1", traits: { name: "Acme" } })[0]).toMatchObject({ type: "segment.group", properties: { groupId: "g_1", traits: { name: "Acme" } } });
    expect(rejection("group", { userId: "c" }).code).toBe("missing_group_id");
  });
});

describe("Order Completed", () => {
  const order = {
    order_id: "o_1",
    checkout_id: "ck_1",
    total: 59.9,
    revenue: 45,
    tax: 9.5,
    shipping: 5.4,
    discount: 2.5,
    coupon: "SPRING",
    currency: "eur",
    affiliation: "Store",
    products: [{ product_id: "p_1", sku: "SKU-1", quantity: 2, price: 20, sustainable: true }],
  };

  it("becomes order.placed with the taxonomy's names, products as items, other properties kept", () => {
    const [placed] = track("Order Completed", order);
    expect(placed).toMatchObject({ id: "m_1", type: "order.placed", customerId: "c_1", timestamp: "2026-03-02T10:15:00Z" });
    expect(placed!.properties).toEqual({
      orderId: "o_1",
      checkoutId: "ck_1",
      total: 59.9,
      revenue: 45,
      tax: 9.5,
      shipping: 5.4,
      discount: 2.5,
      coupon: "SPRING",
      currency: "eur",
      affiliation: "Store",
      items: [{ productId: "p_1", sku: "SKU-1", quantity: 2, price: 20, sustainable: true }],
    });
  });

  it("also completes its checkout, under an id derived from the messageId", () => {
    const [, completed] = track("Order Completed", order);
    expect(completed).toEqual({
      id: "m_1:checkout.completed",
      type: "checkout.completed",
      customerId: "c_1",
      timestamp: "2026-03-02T10:15:00Z",
      properties: { checkoutId: "ck_1", orderId: "o_1" },
    });
  });

  it("derives a short id from a long messageId, the same one every time", () => {
    const messageId = "m".repeat(120);
    const first = track("Order Completed", order, { messageId })[1]!.id!;
    expect(first.length).toBeLessThanOrEqual(128);
    expect(first).toMatch(/^[0-9a-f]{64}:checkout\.completed$/);
    expect(track("Order Completed", order, { messageId })[1]!.id).toBe(first);
  });

  it("completes no checkout without checkout_id", () => {
    const { checkout_id: _c, ...rest } = order;
    expect(track("Order Completed", rest)).toHaveLength(1);
  });

  it("takes revenue as the total when there is no total", () => {
    const [placed] = track("Order Completed", { order_id: "o_2", revenue: 45 });
    expect(placed!.properties).toEqual({ orderId: "o_2", total: 45 });
  });

  it("names the Segment properties it misses", () => {
    expect(rejection("track", { userId: "c", event: "Order Completed", properties: { total: 5 } })).toEqual({
      code: "missing_property",
      message: "Order Completed needs properties.order_id",
    });
    expect(rejection("track", { userId: "c", event: "Order Completed", properties: { order_id: "o" } }).message).toBe(
      "Order Completed needs properties.total or properties.revenue",
    );
  });

  it("is recognised in other spellings of the name", () => {
    expect(track("order_completed", { order_id: "o", total: 1 })[0]!.type).toBe("order.placed");
  });
});

describe("the other e-commerce events", () => {
  it("Order Refunded: total is the amount; without it, a full refund", () => {
    expect(track("Order Refunded", { order_id: "o_1", total: 10, reason: "damaged" })[0]).toMatchObject({
      type: "order.refunded",
      properties: { orderId: "o_1", amount: 10, total: 10, reason: "damaged" },
    });
    expect(track("Order Refunded", { order_id: "o_1" })[0]!.properties).toEqual({ orderId: "o_1" });
  });

  it("Order Cancelled becomes order.canceled", () => {
    expect(track("Order Cancelled", { order_id: "o_1", reason: "late" })[0]).toMatchObject({ type: "order.canceled", properties: { orderId: "o_1", reason: "late" } });
  });

  it("Checkout Started takes checkout_id, else order_id, as the checkout", () => {
    expect(track("Checkout Started", { checkout_id: "ck", order_id: "o", value: 30, shipping: 4 })[0]).toMatchObject({
      type: "checkout.started",
      properties: { checkoutId: "ck", order_id: "o", value: 30, shippingCost: 4 },
    });
    expect(track("Checkout Started", { order_id: "o" })[0]!.properties).toMatchObject({ checkoutId: "o" });
    expect(rejection("track", { userId: "c", event: "Checkout Started", properties: {} }).message).toBe(
      "Checkout Started needs properties.checkout_id or properties.order_id",
    );
  });

  it("Product Viewed, Product Added and Product Reviewed", () => {
    expect(track("Product Viewed", { product_id: "p", price: 9, name: "Mug" })[0]).toMatchObject({ type: "product.viewed", properties: { productId: "p", price: 9, name: "Mug" } });
    expect(track("Product Added", { product_id: "p", quantity: 2, cart_id: "c" })[0]).toMatchObject({ type: "cart.item_added", properties: { productId: "p", quantity: 2, cart_id: "c" } });
    expect(track("Product Reviewed", { product_id: "p", rating: "4", review_body: "Lovely" })[0]).toMatchObject({
      type: "review.submitted",
      properties: { productId: "p", rating: 4, review_body: "Lovely" },
    });
    expect(rejection("track", { userId: "c", event: "Product Viewed", properties: { sku: "x" } }).message).toBe("Product Viewed needs properties.product_id");
  });
});

describe("Checkout Step Viewed", () => {
  const step = (value: unknown, context?: MapContext) =>
    mapped("track", { userId: "c", event: "Checkout Step Viewed", properties: { checkout_id: "ck", step: value, shipping_method: "dhl" } }, context)[0]!;

  it("counts steps from 1: step 1 is cart, step 5 review, and the number is kept as stepIndex", () => {
    expect(step(1)).toMatchObject({ type: "checkout.step_viewed", properties: { checkoutId: "ck", step: "cart", stepIndex: 1, shipping_method: "dhl" } });
    expect(step(5).properties).toMatchObject({ step: "review", stepIndex: 5 });
  });

  it("reads a numeric string as its number and a step name as that step", () => {
    expect(step("3").properties).toMatchObject({ step: "shipping", stepIndex: 3 });
    expect(step("Payment").properties).toMatchObject({ step: "payment", stepIndex: 4 });
  });

  it("uses the organisation's step order when it has one", () => {
    expect(step(2, ctx({ checkoutSteps: ["bag", "pay"] })).properties).toMatchObject({ step: "pay", stepIndex: 2 });
  });

  it.each([0, 6, 2.5, "sixth", null])("refuses step %j, saying which steps exist", (value) => {
    const result = rejection("track", { userId: "c", event: "Checkout Step Viewed", properties: { checkout_id: "ck", step: value } });
    if (value === null) {
      expect(result.message).toBe("Checkout Step Viewed needs properties.step");
    } else {
      expect(result.code).toBe("invalid_property");
      expect(result.message).toContain("properties.step must be a whole number from 1 to 5");
      expect(result.message).toContain("1 cart, 2 information, 3 shipping, 4 payment, 5 review");
    }
  });
});

describe("other track names", () => {
  it("become custom events segment.<snake_case> with their properties as sent", () => {
    const [event] = track("Newsletter Signed Up", { list_id: "weekly", source: "footer" });
    expect(event).toMatchObject({ type: "segment.newsletter_signed_up", properties: { list_id: "weekly", source: "footer" } });
  });

  it("follow the organisation's mappings, by exact name or by the same snake_case key", () => {
    const mappings = mappingTable([{ trackName: "Survey Answered", type: "survey.responded" }]);
    const message = { userId: "c", event: "Survey Answered", properties: { kind: "nps", score: 9, survey_id: "s_1", comment: "Great" } };
    expect(mapped("track", message, ctx({ mappings }))[0]).toMatchObject({
      type: "survey.responded",
      properties: { kind: "nps", score: 9, surveyId: "s_1", comment: "Great" },
    });
    expect(mapped("track", { ...message, event: "survey_answered" }, ctx({ mappings }))[0]!.type).toBe("survey.responded");
  });

  it("mapped to order.placed, get the same translation as Order Completed", () => {
    const mappings = mappingTable([{ trackName: "Purchase", type: "order.placed" }]);
    const events = mapped("track", { userId: "c", messageId: "m", event: "Purchase", properties: { order_id: "o", revenue: 12, checkout_id: "ck" } }, ctx({ mappings }));
    expect(events.map((e) => e.type)).toEqual(["order.placed", "checkout.completed"]);
    expect(events[0]!.properties).toMatchObject({ orderId: "o", total: 12 });
  });

  it("name what a mapped type needs", () => {
    const mappings = mappingTable([{ trackName: "Survey Answered", type: "survey.responded" }]);
    expect(rejection("track", { userId: "c", event: "Survey Answered", properties: {} }, ctx({ mappings })).message).toBe("Survey Answered needs properties.kind");
  });

  it("without Latin letters are refused unless mapped by their exact name", () => {
    expect(rejection("track", { userId: "c", event: "購入" }).code).toBe("invalid_event_name");
    const mappings = mappingTable([{ trackName: "購入", type: "feature.used" }]);
    expect(mapped("track", { userId: "c", event: "購入", properties: { feature: "buy" } }, ctx({ mappings }))[0]!.type).toBe("feature.used");
  });

  it("need an event name and object properties", () => {
    expect(rejection("track", { userId: "c" }).code).toBe("missing_event");
    expect(rejection("track", { userId: "c", event: "X", properties: [1] }).code).toBe("invalid_properties");
  });
});
