import { describe, expect, it } from "vitest";
import { prepareMessages } from "./prepare";

const ctx = { mappings: new Map(), receivedAt: new Date("2026-03-02T12:00:00Z") };

describe("prepareMessages", () => {
  it("keeps the events of valid messages in order and remembers which message each came from", () => {
    const prepared = prepareMessages(
      null,
      [
        { type: "page", anonymousId: "a" },
        { type: "track", userId: "c", messageId: "m", event: "Order Completed", properties: { order_id: "o", total: 5, checkout_id: "ck" } },
      ],
      ctx,
    );
    expect(prepared.events.map((e) => e.type)).toEqual(["page.viewed", "order.placed", "checkout.completed"]);
    expect(prepared.origins).toEqual([0, 1, 1]);
    expect(prepared.rejected).toEqual([]);
  });

  it("rejects a message as a whole: an invalid order completes no checkout", () => {
    const prepared = prepareMessages(
      null,
      [
        { type: "track", userId: "c", event: "Order Completed", properties: { order_id: "o", total: -5, checkout_id: "ck" } },
        { type: "identify", anonymousId: "a" },
        { type: "page", anonymousId: "a" },
      ],
      ctx,
    );
    expect(prepared.events.map((e) => e.type)).toEqual(["page.viewed"]);
    expect(prepared.origins).toEqual([2]);
    expect(prepared.rejected).toEqual([
      { index: 0, code: "invalid_property", message: 'track "Order Completed": order.placed: properties.total must be a number >= 0' },
      { index: 1, code: "missing_user_id", message: expect.stringContaining("identify needs a userId") },
    ]);
  });

  it("names the call of a single-call endpoint in validation messages", () => {
    const prepared = prepareMessages("page", [{ anonymousId: "a", timestamp: "2099-01-01T00:00:00Z" }], ctx);
    expect(prepared.rejected).toEqual([{ index: 0, code: "future_timestamp", message: "page: timestamp 2099-01-01T00:00:00Z is more than 1 hour in the future" }]);
  });
});
