import { describe, expect, it } from "vitest";
import { isCurrencyCode, isTimeZone, SLUG_PATTERN, slugify } from "./organization-options";

describe("slugify", () => {
  it("lower-cases, strips accents and joins words with single dashes", () => {
    expect(slugify("Café Müller & Söhne")).toBe("cafe-muller-sohne");
    expect(slugify("Acme   Outdoor")).toBe("acme-outdoor");
  });

  it("trims spaces and dashes at both ends", () => {
    expect(slugify("  --Hello, World!--  ")).toBe("hello-world");
  });

  it("cuts at 48 characters without leaving a trailing dash", () => {
    const slug = slugify(`${"a".repeat(47)} bcd`);
    expect(slug).toBe("a".repeat(47));
    expect(slugify("x".repeat(60))).toHaveLength(48);
  });

  it("produces slugs that SLUG_PATTERN accepts", () => {
    for (const name of ["Café Müller", "  Acme Outdoor GmbH  ", "42 Things", "x".repeat(60)]) {
      expect(slugify(name)).toMatch(SLUG_PATTERN);
    }
  });
});

describe("SLUG_PATTERN", () => {
  it("accepts lower-case letters, digits and inner dashes up to 48 characters", () => {
    for (const slug of ["a", "acme", "acme-outdoor", "a1-b2", "x".repeat(48)]) expect(slug).toMatch(SLUG_PATTERN);
  });

  it("refuses upper case, edge dashes, other characters, empty and over-long slugs", () => {
    for (const slug of ["", "Acme", "-acme", "acme-", "ac me", "acme_outdoor", "café", "x".repeat(49)]) {
      expect(slug).not.toMatch(SLUG_PATTERN);
    }
  });
});

describe("isCurrencyCode", () => {
  it("accepts ISO-4217 codes in upper case only", () => {
    expect(isCurrencyCode("EUR")).toBe(true);
    expect(isCurrencyCode("USD")).toBe(true);
    expect(isCurrencyCode("eur")).toBe(false);
    expect(isCurrencyCode("XYZ")).toBe(false);
    expect(isCurrencyCode("EURO")).toBe(false);
  });
});

describe("isTimeZone", () => {
  it("accepts IANA zones and UTC, refuses made-up zones", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
