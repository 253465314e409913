import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_EVENT_BYTES, validateEvent } from "./validate";

const now = new Date("2026-06-01T00:00:00Z");
const codeOf = (raw: unknown, at = now) => {
  const result = validateEvent(raw, { now: at });
  return result.ok ? "ok" : result.code;
};
const at = (timestamp: string) => ({ type: "page.viewed", anonymousId: "a1", timestamp });

describe("validateEvent: calendar dates", () => {
  it("takes 29 February in leap years (2024, 2000) and refuses it otherwise (2026, 2100)", () => {
    expect(codeOf(at("2024-02-29T10:00:00Z"))).toBe("ok");
    expect(codeOf(at("2000-02-29T10:00:00Z"))).toBe("ok");
    expect(codeOf(at("2026-02-29T10:00:00Z"))).toBe("invalid_timestamp");
    expect(codeOf(at("2100-02-29T10:00:00Z"), new Date("2200-01-01T00:00:00Z"))).toBe("invalid_timestamp");
  });

  it("takes the last day of 30- and 31-day months and refuses the day after (30 April ok, 31 April not; 31 May ok)", () => {
    expect(codeOf(at("2026-04-30T10:00:00Z"))).toBe("ok");
    expect(codeOf(at("2026-04-31T10:00:00Z"))).toBe("invalid_timestamp");
    expect(codeOf(at("2026-05-31T10:00:00Z"))).toBe("ok");
    expect(codeOf(at("2026-13-01T10:00:00Z"))).toBe("invalid_timestamp");
    expect(codeOf(at("2026-05-00T10:00:00Z"))).toBe("invalid_timestamp");
  });
});

describe("validateEvent: currency", () => {
  const order = (currency: unknown) => ({ type: "order.placed", customerId: "c1", timestamp: "2026-05-01T10:00:00Z", properties: { orderId: "o1", total: 10, currency } });
  it("takes an ISO code in any case (usd), treats an undefined one as missing (an in-process sender's optional field), refuses null (a mistyped property) and XYZ (no such code)", () => {
    expect(codeOf(order("usd"))).toBe("ok");
    expect(codeOf(order(undefined))).toBe("ok");
    expect(codeOf(order(null))).toBe("invalid_property");
    expect(codeOf(order("XYZ"))).toBe("unknown_currency");
  });
});

describe("validateEvent: the 32 KB limit is measured on the serialised event", () => {
  // A custom type, so that the properties are stored as sent.
  const sized = (text: string) => ({ type: "shop.custom_thing", anonymousId: "a1", timestamp: "2026-05-01T00:00:00Z", properties: { text } });
  const envelope = Buffer.byteLength(JSON.stringify(sized("")));

  it("accepts an event of exactly 32 KB and refuses one byte more", () => {
    expect(codeOf(sized("x".repeat(MAX_EVENT_BYTES - envelope)))).toBe("ok");
    expect(codeOf(sized("x".repeat(MAX_EVENT_BYTES - envelope + 1)))).toBe("event_too_large");
  });

  it("counts UTF-8 bytes, not characters: 12,000 'é' are 24,000 bytes (ok), 17,000 are 34,000 (too large)", () => {
    expect(codeOf(sized("é".repeat(12_000)))).toBe("ok");
    expect(codeOf(sized("é".repeat(17_000)))).toBe("event_too_large");
  });

  it("counts numbers by their text: 1,289 copies of -0.0000012345678901234567 (25 characters each) are 33,617 bytes, too large", () => {
    const numbers = { type: "shop.custom_thing", anonymousId: "a1", timestamp: "2026-05-01T00:00:00Z", properties: { n: Array(1_289).fill(-0.0000012345678901234567) } };
    expect(Buffer.byteLength(JSON.stringify(numbers))).toBeGreaterThan(MAX_EVENT_BYTES);
    expect(codeOf(numbers)).toBe("event_too_large");
  });

  it("refuses exactly the events whose JSON passes 32 KB, whatever their strings and numbers hold", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null)), { maxLength: 2_500 }), (values) => {
        const raw = { type: "shop.custom_thing", anonymousId: "a1", timestamp: "2026-05-01T00:00:00Z", properties: { values, nested: [values.slice(0, 300)] } };
        const tooLarge = Buffer.byteLength(JSON.stringify(raw)) > MAX_EVENT_BYTES;
        expect(codeOf(raw)).toBe(tooLarge ? "event_too_large" : "ok");
      }),
      { numRuns: 200 },
    );
  });

  it("refuses exactly the events whose JSON passes 32 KB, whatever their strings hold", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", minLength: 0, maxLength: 9_000 }), { maxLength: 6 }), (texts) => {
        const raw = { type: "shop.custom_thing", anonymousId: "a1", timestamp: "2026-05-01T00:00:00Z", properties: Object.fromEntries(texts.map((t, i) => [`k${i}`, t])) };
        const tooLarge = Buffer.byteLength(JSON.stringify(raw)) > MAX_EVENT_BYTES;
        expect(codeOf(raw)).toBe(tooLarge ? "event_too_large" : "ok");
      }),
      { numRuns: 200 },
    );
  });
});
