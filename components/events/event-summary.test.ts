import { describe, expect, it } from "vitest";
import { eventAsJson, summarizeProperties } from "./event-summary";

describe("summarizeProperties", () => {
  it("shows the first properties briefly and says how many more there are", () => {
    expect(summarizeProperties({})).toBe("");
    expect(summarizeProperties({ orderId: "o1", total: 49.9, items: [{}, {}], meta: { a: 1 } })).toBe("orderId: o1 · total: 49.9 · items: [2 items] · +1 more");
    expect(summarizeProperties({ comment: "x".repeat(60), ok: true, none: null }, 3)).toBe(`comment: ${"x".repeat(39)}… · ok: true · none: null`);
  });
});

describe("eventAsJson", () => {
  it("prints the event as sent, then what Aftercart added", () => {
    const json = eventAsJson({
      id: 7,
      messageId: "evt_1",
      type: "page.viewed",
      custom: false,
      customerId: null,
      anonymousId: "dev1",
      resolvedCustomerId: "c1",
      sessionId: null,
      timestamp: new Date("2026-03-01T10:00:00Z"),
      receivedAt: new Date("2026-03-01T10:00:01Z"),
      source: "api",
      properties: { path: "/" },
    });
    expect(JSON.parse(json)).toEqual({
      id: "evt_1",
      type: "page.viewed",
      customerId: null,
      anonymousId: "dev1",
      sessionId: null,
      timestamp: "2026-03-01T10:00:00.000Z",
      properties: { path: "/" },
      receivedAt: "2026-03-01T10:00:01.000Z",
      source: "api",
      custom: false,
      countsForCustomer: "c1",
    });
    expect(json).toContain('\n  "type": "page.viewed"');
  });
});
