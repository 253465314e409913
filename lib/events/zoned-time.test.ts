import { describe, expect, it } from "vitest";
import { formatZonedDateTime, fromZonedInputValue, toZonedInputValue, zoneAbbreviation } from "./zoned-time";

describe("zoned time", () => {
  const instant = new Date("2026-03-01T10:00:05Z");

  it("shows an instant on the organisation's wall clock, to the second", () => {
    expect(formatZonedDateTime(instant, "Europe/Berlin")).toBe("1 Mar 2026, 11:00:05");
    expect(formatZonedDateTime(instant, "America/New_York")).toBe("1 Mar 2026, 05:00:05");
    expect(zoneAbbreviation(instant, "UTC")).toBe("UTC");
  });

  it("round-trips datetime-local values in the zone", () => {
    expect(toZonedInputValue(instant, "Europe/Berlin")).toBe("2026-03-01T11:00");
    expect(fromZonedInputValue("2026-03-01T11:00", "Europe/Berlin")?.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(fromZonedInputValue("2026-07-01T11:00:30", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T09:00:30.000Z");
    expect(fromZonedInputValue("2026-03-01T11:00", "Asia/Kolkata")?.toISOString()).toBe("2026-03-01T05:30:00.000Z");
  });

  it("reads the skipped hour of a spring-forward night with the earlier offset, the repeated hour as the first", () => {
    // Berlin: 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00 CEST -> 02:00 CET.
    expect(fromZonedInputValue("2026-03-29T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(fromZonedInputValue("2026-10-25T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(fromZonedInputValue("2026-10-25T04:00", "Europe/Berlin")?.toISOString()).toBe("2026-10-25T03:00:00.000Z");
  });

  it("refuses values that name no time", () => {
    for (const value of ["", "2026-02-30T10:00", "2026-03-01T24:00", "2026-03-01 10:00", "yesterday"]) {
      expect(fromZonedInputValue(value, "UTC"), value).toBeNull();
    }
  });
});
