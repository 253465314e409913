import { describe, expect, it } from "vitest";
import { checkoutStepName, checkoutStepPosition, DEFAULT_CHECKOUT_STEPS, describeCheckoutSteps } from "./checkout-steps";
import { customTypeForTrack, MAPPABLE_EVENT_TYPES, specEventFor, trackNameKey } from "./segment";
import { TYPE_PATTERN } from "./taxonomy";

describe("trackNameKey", () => {
  it.each([
    ["Order Completed", "order_completed"],
    ["order completed", "order_completed"],
    ["orderCompleted", "order_completed"],
    ["order-completed", "order_completed"],
    ["  Newsletter  Signed Up! ", "newsletter_signed_up"],
    ["HTMLExport Done", "html_export_done"],
    // ß has no decomposition: it becomes a separator like any other non-Latin character.
    ["Größe gewählt", "gro_e_gewahlt"],
    ["Über Uns Viewed", "uber_uns_viewed"],
    ["404 Shown", "event_404_shown"],
    ["購入", ""],
  ])("%j -> %j", (name, key) => {
    expect(trackNameKey(name)).toBe(key);
  });

  it("keeps custom types within the 128 characters a type may have, without a trailing underscore", () => {
    const type = customTypeForTrack(`${"a".repeat(119)} b`)!;
    expect(type.length).toBeLessThanOrEqual(128);
    expect(type).toBe(`segment.${"a".repeat(119)}`);
    expect(TYPE_PATTERN.test(type)).toBe(true);
  });
});

describe("customTypeForTrack", () => {
  it("names custom events segment.<snake_case>, always a valid type", () => {
    for (const name of ["Newsletter Signed Up", "404 Shown", "a.b.c", "x"]) {
      const type = customTypeForTrack(name)!;
      expect(type.startsWith("segment.")).toBe(true);
      expect(TYPE_PATTERN.test(type), type).toBe(true);
    }
    expect(customTypeForTrack("Newsletter Signed Up")).toBe("segment.newsletter_signed_up");
  });

  it("has no type for a name without Latin letters or digits", () => {
    expect(customTypeForTrack("購入")).toBeNull();
    expect(customTypeForTrack("!!!")).toBeNull();
  });
});

describe("specEventFor", () => {
  it("recognises the e-commerce spec names in any spelling", () => {
    expect(specEventFor("Order Completed")).toEqual({ name: "Order Completed", type: "order.placed" });
    expect(specEventFor("order_completed")?.type).toBe("order.placed");
    expect(specEventFor("Order Cancelled")?.type).toBe("order.canceled");
    expect(specEventFor("Product Added")?.type).toBe("cart.item_added");
    expect(specEventFor("Product Added to Wishlist")).toBeNull();
  });

  it("leaves customer.identified out of the mappable types", () => {
    expect(MAPPABLE_EVENT_TYPES).not.toContain("customer.identified");
    expect(MAPPABLE_EVENT_TYPES).toContain("survey.responded");
  });
});

describe("checkout steps", () => {
  it("counts positions from 1, as Segment does", () => {
    expect(DEFAULT_CHECKOUT_STEPS).toEqual(["cart", "information", "shipping", "payment", "review"]);
    expect(checkoutStepName(1)).toBe("cart");
    expect(checkoutStepName(5)).toBe("review");
    expect(checkoutStepName(0)).toBeNull();
    expect(checkoutStepName(6)).toBeNull();
    expect(checkoutStepName(2.5)).toBeNull();
  });

  it("reads a custom order when given one", () => {
    const order = ["bag", "address", "pay"];
    expect(checkoutStepName(3, order)).toBe("pay");
    expect(checkoutStepName(4, order)).toBeNull();
    expect(checkoutStepPosition("address", order)).toBe(2);
    expect(checkoutStepPosition("review", order)).toBeNull();
    expect(describeCheckoutSteps(order)).toBe("1 bag, 2 address, 3 pay");
  });
});
