import { createHash, randomBytes } from "node:crypto";

/** A 256-bit random token for links (invitations, password resets). Shown once, stored hashed. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
