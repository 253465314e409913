import { describe, expect, it } from "vitest";
import { inferValue, keyOfHeader, parseBoolean, parseDecimal, RowProblem } from "./cells";

describe("parseDecimal", () => {
  it.each([
    ["12", 12],
    ["12.5", 12.5],
    ["1,234.50", 1234.5],
    ["1.234,50", 1234.5],
    ["12,5", 12.5],
    ["12,50", 12.5],
    ["1,234", 1234],
    ["1,234,567", 1234567],
    ["1.234.567", 1234567],
    ["1 234,50", 1234.5],
    ["1\u00a0234,50", 1234.5],
    ["1'234.50", 1234.5],
    ["€ 12.00", 12],
    ["$5", 5],
    ["12.00 EUR", 12],
    ["USD 7.25", 7.25],
    ["-196.10", -196.1],
    ["(3.00)", -3],
    ["-€12", -12],
    ["+4", 4],
    ["0", 0],
  ])("reads %j as %d", (cell, value) => {
    expect(parseDecimal(cell, "Total")).toBe(value);
  });

  it.each(["abc", "12a", "1.2.3", "12,34,5", "1,2,3", "ABC 12", "--1", ".5", "5.", "1e5", "12,3x", ""])("refuses %j, naming the column", (cell) => {
    expect(() => parseDecimal(cell, "Total")).toThrow(RowProblem);
    expect(() => parseDecimal(cell, "Total")).toThrow(/column "Total"/);
  });
});

describe("parseBoolean", () => {
  it("reads the usual spellings", () => {
    for (const yes of ["true", "TRUE", "yes", "Y", "1"]) expect(parseBoolean(yes, "Eco")).toBe(true);
    for (const no of ["false", "no", "N", "0"]) expect(parseBoolean(no, "Eco")).toBe(false);
    expect(() => parseBoolean("maybe", "Eco")).toThrow(/column "Eco": "maybe" is not yes\/no/);
  });
});

describe("inferValue", () => {
  it("keeps codes with leading zeros and long digit strings as text", () => {
    expect(inferValue("42")).toBe(42);
    expect(inferValue("-3.5")).toBe(-3.5);
    expect(inferValue("0.5")).toBe(0.5);
    expect(inferValue("00123")).toBe("00123");
    expect(inferValue("4915112345678901")).toBe("4915112345678901");
    expect(inferValue("true")).toBe(true);
    expect(inferValue("gold")).toBe("gold");
  });
});

describe("keyOfHeader", () => {
  it("turns headers into camelCase keys", () => {
    expect(keyOfHeader("Loyalty Tier")).toBe("loyaltyTier");
    expect(keyOfHeader("utm_source")).toBe("utmSource");
    expect(keyOfHeader("VIP")).toBe("vip");
    expect(keyOfHeader("Größe (EU)")).toBe("größeEu");
    expect(keyOfHeader("Customer ID")).toBe("customerId");
    expect(keyOfHeader("  ")).toBe("");
  });
});
