import { describe, expect, it } from "vitest";
import { RowProblem } from "./cells";
import { isSlashedDate, parseTimestamp, wallTimeToUtc } from "./timestamps";

const utc = { timeZone: "UTC" };
const berlin = { timeZone: "Europe/Berlin" };

describe("parseTimestamp", () => {
  it.each([
    ["2026-03-02T10:15:00Z", utc, "2026-03-02T10:15:00.000Z"],
    ["2026-03-02 10:15:00", utc, "2026-03-02T10:15:00.000Z"],
    ["2026-03-02 10:15", utc, "2026-03-02T10:15:00.000Z"],
    ["2026-03-02", utc, "2026-03-02T00:00:00.000Z"],
    ["2024-03-05 14:22:10 +0100", utc, "2024-03-05T13:22:10.000Z"],
    ["2024-03-05T14:22:10-05:00", berlin, "2024-03-05T19:22:10.000Z"],
    ["2026-03-02T10:15:00.123456Z", utc, "2026-03-02T10:15:00.123Z"],
    ["2009-12-01 07:45:00", utc, "2009-12-01T07:45:00.000Z"],
    ["2026-01-15 10:00:00", berlin, "2026-01-15T09:00:00.000Z"],
    ["2026-07-15 10:00:00", berlin, "2026-07-15T08:00:00.000Z"],
    ["1772446500", utc, "2026-03-02T10:15:00.000Z"],
    ["1772446500000", utc, "2026-03-02T10:15:00.000Z"],
  ])("reads %j (%o) as %s", (cell, options, iso) => {
    expect(parseTimestamp(cell, "Date", options)).toBe(iso);
  });

  it("reads slashed dates only with a day/month order", () => {
    expect(() => parseTimestamp("03/04/2026", "Date", utc)).toThrow(/day\/month\/year or month\/day\/year/);
    expect(parseTimestamp("03/04/2026", "Date", { ...utc, dateOrder: "dmy" })).toBe("2026-04-03T00:00:00.000Z");
    expect(parseTimestamp("03/04/2026 1:05 PM", "Date", { ...utc, dateOrder: "mdy" })).toBe("2026-03-04T13:05:00.000Z");
    expect(parseTimestamp("12/01/2026 12:30 am", "Date", { ...utc, dateOrder: "mdy" })).toBe("2026-12-01T00:30:00.000Z");
    expect(isSlashedDate("03/04/2026")).toBe(true);
    expect(isSlashedDate("2026-04-03")).toBe(false);
  });

  it.each(["2026-02-30", "2026-13-01 10:00", "yesterday", "2026-03-02 25:00", "03/04/26", "13/13/2026"])("refuses %j, naming the column", (cell) => {
    const options = { timeZone: "UTC", dateOrder: "dmy" as const };
    expect(() => parseTimestamp(cell, "Created at", options)).toThrow(RowProblem);
    expect(() => parseTimestamp(cell, "Created at", options)).toThrow(/column "Created at"/);
  });
});

describe("wallTimeToUtc across daylight saving changes", () => {
  const wall = (s: string) => Date.parse(`${s}Z`);
  it("takes the first of a wall time that happens twice (autumn)", () => {
    // 2026-10-25 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET) in Berlin.
    expect(new Date(wallTimeToUtc(wall("2026-10-25T02:30:00"), "Europe/Berlin")).toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });
  it("moves a wall time that does not exist (spring) one hour on", () => {
    // 2026-03-29 02:30 does not exist in Berlin; 03:30 CEST is 01:30Z.
    expect(new Date(wallTimeToUtc(wall("2026-03-29T02:30:00"), "Europe/Berlin")).toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });
  it("handles zones west of UTC and with half hours", () => {
    expect(new Date(wallTimeToUtc(wall("2026-06-01T12:00:00"), "America/New_York")).toISOString()).toBe("2026-06-01T16:00:00.000Z");
    expect(new Date(wallTimeToUtc(wall("2026-06-01T12:00:00"), "Asia/Kolkata")).toISOString()).toBe("2026-06-01T06:30:00.000Z");
  });
});
