import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { newPublicToken, newSigningSecret, parseSurveyToken, recipientLinkToken, verifyRecipient } from "./survey-tokens";

const survey = { publicToken: newPublicToken(), recipientToken: newPublicToken(), signingSecret: newSigningSecret() };

describe("survey link tokens", () => {
  it("public tokens are 22 url-safe characters (128 bits) and differ every time", () => {
    const tokens = new Set(Array.from({ length: 1000 }, newPublicToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("an anonymous link parses to its survey and names no one", () => {
    expect(parseSurveyToken(survey.publicToken)).toEqual({ surveyToken: survey.publicToken, recipient: null });
  });

  it("a recipient link leads with the survey's recipient token, never its public one", () => {
    const token = recipientLinkToken(survey, "cus_42");
    expect(token.startsWith(`${survey.recipientToken}.`)).toBe(true);
    expect(token).not.toContain(survey.publicToken);
  });

  it("a recipient link round-trips any customer id the API accepts (up to 128 characters, any script, dots included)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 128, unit: "binary" }).filter((s) => s.length <= 128), (customerId) => {
        const parsed = parseSurveyToken(recipientLinkToken(survey, customerId));
        expect(parsed?.surveyToken).toBe(survey.recipientToken);
        expect(verifyRecipient(survey.signingSecret, parsed!)).toBe(customerId);
      }),
    );
  });

  it("an altered customer, an altered MAC or another survey's secret is refused", () => {
    const token = recipientLinkToken(survey, "cus_42");
    const [pub, , sig] = token.split(".");
    const otherCustomer = `${pub}.${Buffer.from("cus_43").toString("base64url")}.${sig}`;
    expect(verifyRecipient(survey.signingSecret, parseSurveyToken(otherCustomer)!)).toBeNull();
    const flipped = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(verifyRecipient(survey.signingSecret, parseSurveyToken(flipped)!)).toBeNull();
    expect(verifyRecipient(newSigningSecret(), parseSurveyToken(token)!)).toBeNull();
    // A recipient part moved onto another survey's token does not verify there, even under the same secret.
    expect(verifyRecipient(survey.signingSecret, parseSurveyToken(token.replace(pub!, newPublicToken()))!)).toBeNull();
  });

  it.each(["", "short", "a.b", `${"x".repeat(22)}.abc`, `${"x".repeat(22)}..${"y".repeat(22)}`, `${"x".repeat(22)}/..`, "x".repeat(801)])("refuses the malformed token %j", (token) => {
    expect(parseSurveyToken(token)).toBeNull();
  });
});
