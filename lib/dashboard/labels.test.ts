import { describe, expect, it } from "vitest";
import { bucketDay, bucketLabel } from "./labels";

describe("series bucket labels in the organisation's time zone", () => {
  // Berlin's week of 7 Sep 2026 starts at 22:00 UTC on the 6th.
  const start = "2026-09-06T22:00:00.000Z";

  it("names the local day, with the same month names on every ICU version (Sep, never Sept)", () => {
    expect(bucketLabel(start, "day", "Europe/Berlin")).toBe("7 Sep");
    expect(bucketLabel(start, "week", "Europe/Berlin")).toBe("w/c 7 Sep");
    expect(bucketLabel(start, "month", "Europe/Berlin")).toBe("Sep 2026");
    expect(bucketLabel(start, "day", "UTC")).toBe("6 Sep");
  });

  it("keys CSV rows by the local day", () => {
    expect(bucketDay(start, "Europe/Berlin")).toBe("2026-09-07");
    expect(bucketDay(start, "UTC")).toBe("2026-09-06");
  });
});
