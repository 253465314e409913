import { describe, expect, it } from "vitest";
import { exportFileName } from "./export-customer-button";
import { formatMinor } from "./money";

describe("exportFileName", () => {
  it("keeps any merchant id to characters every file system accepts", () => {
    const day = new Date("2026-03-01T12:00:00Z");
    expect(exportFileName("c_1042", day)).toBe("customer-c_1042-2026-03-01.json");
    expect(exportFileName("ada+e2e@shop", day)).toBe("customer-ada_e2e_shop-2026-03-01.json");
    expect(exportFileName("../../etc/passwd", day)).toBe("customer-.._.._etc_passwd-2026-03-01.json");
    expect(exportFileName("💥", day)).toBe("customer-_-2026-03-01.json");
  });
});

describe("formatMinor", () => {
  it("formats minor units in the currency's own exponent", () => {
    expect(formatMinor(12550, "EUR")).toBe("€125.50");
    expect(formatMinor(1000, "JPY")).toBe("JP¥1,000");
    expect(formatMinor(-500, "USD")).toBe("-US$5.00");
  });
});
