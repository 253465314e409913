import { describe, expect, it } from "vitest";
import { EMPTY_VIEW, explorerFilter, explorerQueryString, readExplorerView, viewIncludesNow } from "./explorer-view";

describe("explorer view in the URL", () => {
  it("round-trips every filter through the query string", () => {
    const view = {
      types: ["order.placed", "order.refunded"],
      custom: true,
      actor: "c 1042",
      range: "custom" as const,
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-03-02T00:00:00Z"),
      messageId: "evt_",
    };
    const qs = explorerQueryString(view);
    expect(qs).toBe("?type=order.placed&type=order.refunded&custom=1&customer=c+1042&range=custom&from=2026-03-01T00%3A00%3A00.000Z&to=2026-03-02T00%3A00%3A00.000Z&q=evt_");
    expect(readExplorerView(new URLSearchParams(qs))).toEqual(view);
    expect(explorerQueryString(EMPTY_VIEW)).toBe("");
  });

  it("reads Next's searchParams objects as well", () => {
    expect(readExplorerView({ type: ["page.viewed", "page.viewed"], range: "7d", customer: " dev1 " })).toEqual({
      ...EMPTY_VIEW,
      types: ["page.viewed"],
      range: "7d",
      actor: "dev1",
    });
  });

  it("ignores what is malformed instead of failing the page", () => {
    expect(readExplorerView(new URLSearchParams("type=Not+A+Type&range=forever&custom=yes&from=2026-01-01"))).toEqual(EMPTY_VIEW);
    expect(readExplorerView(new URLSearchParams("range=custom&from=nonsense"))).toEqual(EMPTY_VIEW);
    const inverted = readExplorerView(new URLSearchParams("range=custom&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"));
    expect(inverted).toMatchObject({ range: "custom", from: new Date("2026-03-02T00:00:00Z"), to: null });
  });

  it("turns a view into the procedures' filter, presets resolved by the server", () => {
    expect(explorerFilter(EMPTY_VIEW)).toEqual({});
    expect(explorerFilter({ ...EMPTY_VIEW, range: "24h", custom: true, types: ["a.b"] })).toEqual({ types: ["a.b"], custom: true, last: "24h" });
  });

  it("knows when a live tail can add anything", () => {
    const now = new Date("2026-03-10T00:00:00Z");
    expect(viewIncludesNow(EMPTY_VIEW, now)).toBe(true);
    expect(viewIncludesNow({ ...EMPTY_VIEW, range: "custom", from: new Date("2026-03-01"), to: new Date("2026-03-02") }, now)).toBe(false);
    expect(viewIncludesNow({ ...EMPTY_VIEW, range: "custom", from: new Date("2026-03-01"), to: null }, now)).toBe(true);
  });
});
