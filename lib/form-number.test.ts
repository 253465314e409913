import { describe, expect, it } from "vitest";
import { formNumber } from "./form-number";

describe("formNumber", () => {
  it("reads empty as null, a decimal comma as a point, and leaves garbage as NaN for the API to refuse", () => {
    expect(formNumber(null)).toBeNull();
    expect(formNumber("  ")).toBeNull();
    expect(formNumber("0,92")).toBe(0.92);
    expect(formNumber(" 4.50 ")).toBe(4.5);
    expect(formNumber("abc")).toBeNaN();
  });
});
