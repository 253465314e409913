import { describe, expect, it } from "vitest";
import { parseView, presetDays } from "./parse-view";
import { periodOf, segmentLabel, viewSearch } from "./view";

// 2026-12-06 04:00 UTC is still 5 December in Los Angeles and already the 6th in Berlin.
const NOW = new Date("2026-12-06T04:00:00Z");

describe("dashboard view in the URL", () => {
  it("defaults to the 30 whole days before today, daily, compared", () => {
    const view = parseView({}, "Europe/Berlin", NOW);
    expect(view).toMatchObject({ range: "30d", from: "2026-11-06", through: "2026-12-05", interval: "day", compare: true, segment: null, problems: [] });
    expect(periodOf(view)).toEqual({ from: "2026-11-06", to: "2026-12-06" });
  });

  it("reads today in the organisation's time zone: Los Angeles is still on the 5th", () => {
    expect(presetDays("7d", "America/Los_Angeles", NOW)).toEqual({ from: "2026-11-28", through: "2026-12-04" });
    expect(presetDays("mtd", "America/Los_Angeles", NOW)).toEqual({ from: "2026-12-01", through: "2026-12-05" });
  });

  it("last 12 months are whole months ending with the last one; year to date starts on 1 January", () => {
    expect(presetDays("12m", "UTC", NOW)).toEqual({ from: "2025-12-01", through: "2026-11-30" });
    expect(presetDays("ytd", "UTC", NOW)).toEqual({ from: "2026-01-01", through: "2026-12-06" });
  });

  it("picks an interval that reads well: days up to two months, weeks to half a year, then months", () => {
    expect(parseView({ range: "90d" }, "UTC", NOW).interval).toBe("week");
    expect(parseView({ range: "12m" }, "UTC", NOW).interval).toBe("month");
    expect(parseView({ range: "12m", interval: "day" }, "UTC", NOW).interval).toBe("day");
  });

  it("a custom range is inclusive of its last day and is swapped, not refused, when reversed", () => {
    const view = parseView({ range: "custom", from: "2026-03-31", to: "2026-03-01" }, "UTC", NOW);
    expect(view).toMatchObject({ from: "2026-03-01", through: "2026-03-31" });
    expect(view.problems[0]).toMatch(/starts \(2026-03-31\) after it ends/);
    expect(periodOf(view)).toEqual({ from: "2026-03-01", to: "2026-04-01" });
  });

  it("falls back and says so for a range, date or interval it cannot read", () => {
    const view = parseView({ range: "custom", from: "2026-02-30", to: "2026-03-01", interval: "hour" }, "UTC", NOW);
    expect(view.range).toBe("30d");
    expect(view.problems).toEqual(["a custom range needs from and to as dates (2026-03-01)", 'interval "hour" is not one of day, week, month']);
    expect(parseView({ range: "forever" }, "UTC", NOW).problems[0]).toMatch(/range "forever" is not one of/);
  });

  it("cuts a custom range to ten years, and a daily series of over a year to weeks (over 300 weeks to months)", () => {
    const view = parseView({ range: "custom", from: "2000-01-01", to: "2026-01-01", interval: "day" }, "UTC", NOW);
    expect(view.from).toBe("2016-01-05"); // 3,650 days ending 2026-01-01, three leap days between
    expect(view.interval).toBe("month");
    expect(view.problems).toEqual(["ranges are at most 3650 days: showing 2016-01-05 to 2026-01-01", "a daily series of 3650 days is too long: showing months"]);
    expect(parseView({ range: "custom", from: "2024-01-01", to: "2025-12-31", interval: "day" }, "UTC", NOW).interval).toBe("week");
  });

  it("reads the segment: built-in parts and t.<trait> filters; keeps the valid parts of a bad one", () => {
    const view = parseView(new URLSearchParams("loyalty=member&t.country=DE&t.channel=referral"), "UTC", NOW);
    expect(view.segment).toEqual({ loyalty: "member", traits: { country: "DE", channel: "referral" } });
    expect(segmentLabel(view.segment)).toBe("loyalty members, country = DE, channel = referral");
    const bad = parseView({ engagement: "extreme", cohort: "2026-02" }, "UTC", NOW);
    expect(bad.segment).toEqual({ cohort: "2026-02" });
    expect(bad.problems).toEqual(['segment engagement: engagement must be "high", "low" or "none"']);
  });

  it("writes a view back to a short link that reads to the same view", () => {
    const search = "?range=custom&from=2026-01-01&to=2026-03-31&interval=month&compare=0&engagement=high&t.country=DE";
    const view = parseView(new URLSearchParams(search), "UTC", NOW);
    expect(viewSearch(view)).toBe(search);
    expect(viewSearch(parseView({}, "UTC", NOW))).toBe("");
  });
});
