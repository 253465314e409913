import { describe, expect, it } from "vitest";
import { bucketsOf, parseInstant, previousPeriod, resolvePeriod, spanOf } from "./period";

const iso = (d: Date) => d.toISOString();

describe("parseInstant", () => {
  it("reads a bare date as local midnight: 2026-03-01 in Berlin is 2026-02-28T23:00Z", () => {
    expect(iso(parseInstant("2026-03-01", "Europe/Berlin"))).toBe("2026-02-28T23:00:00.000Z");
    expect(iso(parseInstant("2026-03-01", "UTC"))).toBe("2026-03-01T00:00:00.000Z");
  });
  it("reads a date-time without offset in the zone, and one with an offset as that instant", () => {
    expect(iso(parseInstant("2026-07-01T10:30", "America/New_York"))).toBe("2026-07-01T14:30:00.000Z");
    expect(iso(parseInstant("2026-07-01T10:30:00+02:00", "America/New_York"))).toBe("2026-07-01T08:30:00.000Z");
  });
  it("refuses dates that do not exist and text that is not a date", () => {
    expect(() => parseInstant("2026-02-30", "UTC")).toThrow(/not a date that exists/);
    expect(() => parseInstant("yesterday", "UTC")).toThrow(/ISO-8601/);
  });
});

describe("resolvePeriod", () => {
  const now = new Date("2026-11-22T14:00:00Z"); // 23:00 in Tokyo
  it("defaults to the 30 whole local days before today: [2026-10-23, 2026-11-22) in Tokyo local midnights", () => {
    const p = resolvePeriod({}, "Asia/Tokyo", now);
    expect(iso(p.from)).toBe("2026-10-22T15:00:00.000Z");
    expect(iso(p.to)).toBe("2026-11-21T15:00:00.000Z");
  });
  it("refuses a reversed or empty period", () => {
    expect(() => resolvePeriod({ from: "2026-03-01", to: "2026-03-01" }, "UTC", now)).toThrow(/must be before/);
    expect(() => resolvePeriod({ from: "2026-03-02", to: "2026-03-01" }, "UTC", now)).toThrow(/must be before/);
  });
  it("cuts a period longer than ten years and says so", () => {
    const p = resolvePeriod({ from: "1990-01-01", to: "2026-01-01" }, "UTC", now);
    expect(p.notice).toMatch(/longer than 3660 days/);
    expect(p.to.getTime() - p.from.getTime()).toBe(3660 * 86_400_000);
  });
});

describe("previousPeriod", () => {
  it("compares whole months with the same number of months before: Q1 2026 -> Q4 2025", () => {
    const p = previousPeriod({ from: parseInstant("2026-01-01", "Europe/Berlin"), to: parseInstant("2026-04-01", "Europe/Berlin") }, "Europe/Berlin");
    expect(iso(p.from)).toBe(iso(parseInstant("2025-10-01", "Europe/Berlin")));
    expect(iso(p.to)).toBe(iso(parseInstant("2026-01-01", "Europe/Berlin")));
  });
  it("March (31 days) is compared with February (28 days), not with the 31 days before", () => {
    const p = previousPeriod({ from: parseInstant("2026-03-01", "UTC"), to: parseInstant("2026-04-01", "UTC") }, "UTC");
    expect(iso(p.from)).toBe("2026-02-01T00:00:00.000Z");
  });
  it("otherwise takes the same length just before from", () => {
    const p = previousPeriod({ from: new Date("2026-03-10T00:00:00Z"), to: new Date("2026-03-17T00:00:00Z") }, "UTC");
    expect(iso(p.from)).toBe("2026-03-03T00:00:00.000Z");
    expect(iso(p.to)).toBe("2026-03-10T00:00:00.000Z");
  });
});

describe("bucketsOf", () => {
  it("cuts local days across the DST change: the Berlin day of 2026-03-29 lasts 23 hours", () => {
    const b = bucketsOf({ from: parseInstant("2026-03-28", "Europe/Berlin"), to: parseInstant("2026-03-31", "Europe/Berlin") }, "day", "Europe/Berlin");
    expect(b.map((x) => (x.to.getTime() - x.from.getTime()) / 3_600_000)).toEqual([24, 23, 24]);
  });
  it("cuts ISO weeks from Monday and clips the first and last bucket to the period", () => {
    const b = bucketsOf({ from: new Date("2026-03-04T00:00:00Z"), to: new Date("2026-03-18T12:00:00Z") }, "week", "UTC");
    expect(b.map((x) => [iso(x.from), iso(x.to)])).toEqual([
      ["2026-03-04T00:00:00.000Z", "2026-03-09T00:00:00.000Z"],
      ["2026-03-09T00:00:00.000Z", "2026-03-16T00:00:00.000Z"],
      ["2026-03-16T00:00:00.000Z", "2026-03-18T12:00:00.000Z"],
    ]);
  });
  it("cuts months in the zone and refuses more than 400 points", () => {
    const b = bucketsOf({ from: parseInstant("2026-01-15", "America/New_York"), to: parseInstant("2026-04-01", "America/New_York") }, "month", "America/New_York");
    expect(b.map((x) => iso(x.from))).toEqual([iso(parseInstant("2026-01-15", "America/New_York")), iso(parseInstant("2026-02-01", "America/New_York")), iso(parseInstant("2026-03-01", "America/New_York"))]);
    expect(() => bucketsOf({ from: parseInstant("2020-01-01", "UTC"), to: parseInstant("2026-01-01", "UTC") }, "day", "UTC")).toThrow(/more than 400 points/);
  });
});

describe("spanOf", () => {
  it("spans the earliest from to the latest to, whatever the order: [1 Feb, 1 Apr) of March, February and a day of March", () => {
    const d = (iso: string) => new Date(iso);
    expect(
      spanOf([
        { from: d("2026-03-01T00:00:00Z"), to: d("2026-04-01T00:00:00Z") },
        { from: d("2026-02-01T00:00:00Z"), to: d("2026-03-01T00:00:00Z") },
        { from: d("2026-03-05T00:00:00Z"), to: d("2026-03-06T00:00:00Z") },
      ]),
    ).toEqual({ from: d("2026-02-01T00:00:00Z"), to: d("2026-04-01T00:00:00Z") });
  });
});
