import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { newPublicToken, newSigningSecret, parseSurveyToken, recipientToken, verifyRecipient } from "./survey-tokens";

const survey = { publicToken: newPublicToken(), signingSecret: newSigningSecret() };

describe("survey link tokens", () => {
  it("public tokens are 22 url-safe characters (128 bits) and differ every time", () => {
    const tokens = new Set(Array.from({ length: 1000 }, newPublicToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("an anonymous link parses to its survey and names no one", () => {
    expect(parseSurveyToken(survey.publicToken)).toEqual({ publicToken: survey.publicToken, recipient: null });
  });

  it("a recipient link round-trips any customer id, unicode and dots included", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 128, unit: "grapheme" }).filter((s) => Buffer.byteLength(s) <= 300 && s.length <= 128), (customerId) => {
        const parsed = parseSurveyToken(recipientToken(survey, customerId));
        expect(parsed?.publicToken).toBe(survey.publicToken);
        expect(verifyRecipient(survey.signingSecret, parsed!)).toBe(customerId);
      }),
    );
  });

  it("an altered customer, an altered MAC or another survey's secret is refused", () => {
    const token = recipientToken(survey, "cus_42");
    const [pub, , sig] = token.split(".");
    const otherCustomer = `${pub}.${Buffer.from("cus_43").toString("base64url")}.${sig}`;
    expect(verifyRecipient(survey.signingSecret, parseSurveyToken(otherCustomer)!)).toBeNull();
    const flipped = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(verifyRecipient(survey.signingSecret, parseSurveyToken(flipped)!)).toBeNull();
    expect(verifyRecipient(newSigningSecret(), parseSurveyToken(token)!)).toBeNull();
    // A recipient part moved onto another survey's public token does not verify there either.
    const other = { publicToken: newPublicToken(), signingSecret: survey.signingSecret };
    expect(verifyRecipient(survey.signingSecret, parseSurveyToken(token.replace(pub!, other.publicToken))!)).toBeNull();
  });

  it.each(["", "short", "a.b", `${"x".repeat(22)}.abc`, `${"x".repeat(22)}..${"y".repeat(22)}`, `${"x".repeat(22)}/..`, "x".repeat(500)])("refuses the malformed token %j", (token) => {
    expect(parseSurveyToken(token)).toBeNull();
  });
});
