import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { embedSecrets } from "@/db/schema";
import { env } from "@/lib/env";
import { recordAudit, type Actor } from "./audit";

/**
 * The organisation's embed secret (HS256 key for signed embedding). A signature check needs the key
 * itself, so it cannot be stored hashed like API keys: it is encrypted with AES-256-GCM under a key
 * derived from AUTH_SECRET (a database dump alone does not reveal it), shown once, and rotated by
 * replacing it. Rotating AUTH_SECRET makes stored embed secrets unreadable: rotate them afterwards.
 */

const PREFIX = "ac_emb_";

function encryptionKey(): Buffer {
  if (!env.AUTH_SECRET) throw new Error("AUTH_SECRET is not set: embed secrets cannot be stored");
  return Buffer.from(hkdfSync("sha256", env.AUTH_SECRET, "aftercart", "embed-secret-encryption", 32));
}

// The organisation's id is the associated data: a ciphertext copied to another organisation's row does not open.
function encrypt(plain: string, orgId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  cipher.setAAD(Buffer.from(orgId));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

function decrypt(stored: string, orgId: string): string {
  const [iv, tag, body] = stored.split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), iv!);
  decipher.setAAD(Buffer.from(orgId));
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(body!), decipher.final()]).toString("utf8");
}

export interface EmbedSecretStatus {
  displayPrefix: string;
  rotatedAt: Date;
}

export async function embedSecretStatus(db: Executor, orgId: string): Promise<EmbedSecretStatus | null> {
  const [row] = await db.select({ displayPrefix: embedSecrets.displayPrefix, rotatedAt: embedSecrets.rotatedAt }).from(embedSecrets).where(eq(embedSecrets.orgId, orgId));
  return row ?? null;
}

/** A new secret replaces the old one at once; the new one is returned this once and never again. */
export async function rotateEmbedSecret(db: Executor, actor: Actor, orgId: string): Promise<{ secret: string } & EmbedSecretStatus> {
  const secret = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const displayPrefix = secret.slice(0, PREFIX.length + 6);
  const rotatedAt = new Date();
  const encryptedSecret = encrypt(secret, orgId);
  return db.transaction(async (tx) => {
    const before = await embedSecretStatus(tx, orgId);
    await tx
      .insert(embedSecrets)
      .values({ orgId, encryptedSecret, displayPrefix, rotatedAt })
      .onConflictDoUpdate({ target: embedSecrets.orgId, set: { encryptedSecret, displayPrefix, rotatedAt } });
    await recordAudit(tx, { orgId, actor, action: before ? "embed_secret.rotated" : "embed_secret.created", targetType: "embed_secret", targetId: orgId, before, after: { displayPrefix } });
    return { secret, displayPrefix, rotatedAt };
  });
}

/** The secret itself, for checking a token's signature; null when the organisation has none. */
export async function readEmbedSecret(db: Executor, orgId: string): Promise<Uint8Array | null> {
  const [row] = await db.select({ encryptedSecret: embedSecrets.encryptedSecret }).from(embedSecrets).where(eq(embedSecrets.orgId, orgId));
  return row ? new TextEncoder().encode(decrypt(row.encryptedSecret, orgId)) : null;
}
