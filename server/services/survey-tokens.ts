import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Survey links. An anonymous link is the survey's public token: 128 random bits, not guessable. A
 * per-recipient link starts with a second random token of the survey (so that cutting it short gives
 * no anonymous link), then the customer id and an HMAC-SHA256 of both under the survey's own secret,
 * so the customer an answer attaches to cannot be changed without the server noticing:
 *
 *   /s/{publicToken}                                     anyone with the link
 *   /s/{recipientToken}.{base64url(customerId)}.{mac}    one customer; a new answer replaces the last
 *
 * The customer id is signed, not hidden: merchants whose customer ids are e-mail addresses send
 * links that show them (as their own e-mails to that address do).
 */

const MAC_LENGTH = 22; // base64url characters: 132 bits of the 256.

export function newPublicToken(): string {
  return randomBytes(16).toString("base64url");
}

export function newSigningSecret(): string {
  return randomBytes(32).toString("base64url");
}

function mac(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url").slice(0, MAC_LENGTH);
}

export function recipientLinkToken(survey: { recipientToken: string; signingSecret: string }, customerId: string): string {
  const recipient = Buffer.from(customerId, "utf8").toString("base64url");
  return `${survey.recipientToken}.${recipient}.${mac(survey.signingSecret, `${survey.recipientToken}.${recipient}`)}`;
}

export interface ParsedToken {
  /** The survey's public token (anonymous links) or its recipient token (per-recipient links). */
  surveyToken: string;
  /** Present on per-recipient links; checked by verifyRecipient once the survey's secret is known. */
  recipient: { encoded: string; mac: string } | null;
}

const PART = /^[A-Za-z0-9_-]+$/;

/** Splits a link's token; null when it cannot be one of ours (the page then says the link is broken). */
export function parseSurveyToken(token: string): ParsedToken | null {
  // 128 characters of 4-byte UTF-8 are 683 base64url characters: room for any valid customer id.
  if (token.length > 800) return null;
  const parts = token.split(".");
  if (!parts.every((p) => PART.test(p))) return null;
  if (parts.length === 1 && parts[0]!.length === 22) return { surveyToken: parts[0]!, recipient: null };
  if (parts.length === 3 && parts[0]!.length === 22 && parts[2]!.length === MAC_LENGTH) {
    return { surveyToken: parts[0]!, recipient: { encoded: parts[1]!, mac: parts[2]! } };
  }
  return null;
}

/** The customer id a per-recipient link names, when its MAC is right under this survey's secret. */
export function verifyRecipient(secret: string, parsed: ParsedToken): string | null {
  if (!parsed.recipient) return null;
  const expected = Buffer.from(mac(secret, `${parsed.surveyToken}.${parsed.recipient.encoded}`));
  const given = Buffer.from(parsed.recipient.mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const customerId = Buffer.from(parsed.recipient.encoded, "base64url").toString("utf8");
  return customerId.length >= 1 && customerId.length <= 128 ? customerId : null;
}
