import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { apiKeys } from "@/db/schema";
import type { Actor } from "@/server/services/audit";
import { authenticateApiKeyCached, KEY_PREFIX, type ApiKeyKind, type AuthenticatedKey } from "@/server/services/api-keys";
import { apiError } from "./responses";
import { consumeRateLimit, ratePerSecond } from "./rate-limit";

export type KeyCheck = { ok: true; key: AuthenticatedKey } | { ok: false; response: Response };

/** `Authorization: Bearer <key>`, or HTTP Basic with the key as user name (Segment's convention). */
export function presentedKey(request: Request): string | null {
  const header = request.headers.get("authorization") ?? "";
  const [scheme, value] = header.split(/\s+/, 2);
  if (!value) return null;
  if (scheme?.toLowerCase() === "bearer") return value.trim();
  if (scheme?.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    return decoded.split(":")[0] || null;
  }
  return null;
}

/**
 * 401 for a missing or unknown key, 403 for a key of the other kind, 429 past the key's rate limit.
 * `points` lets a batch cost more than a single call.
 */
export async function requireApiKey(request: Request, kind: ApiKeyKind, bucket: "ingest" | "read", points = 1): Promise<KeyCheck> {
  const presented = presentedKey(request);
  if (!presented) {
    return { ok: false, response: apiError(401, "missing_api_key", `send your ${kind} key as "Authorization: Bearer ${KEY_PREFIX[kind]}…"`) };
  }
  const key = await authenticateApiKeyCached(await getDb(), presented);
  if (!key) return { ok: false, response: apiError(401, "invalid_api_key", "this API key is unknown or has been revoked") };
  if (key.kind !== kind) {
    const names = { ingest: "an ingest key (ac_pub_…)", secret: "a secret key (ac_sec_…)" };
    return { ok: false, response: apiError(403, "wrong_key_kind", `this endpoint needs ${names[kind]}, not ${names[key.kind]}`) };
  }
  const limited = await consumeRateLimit(bucket, key.keyId, points);
  if (limited) {
    return {
      ok: false,
      response: apiError(429, "rate_limited", `this key is limited to ${ratePerSecond(bucket)} ${bucket} requests per second; retry in ${limited.retryAfterSeconds} s`, {
        headers: { "Retry-After": String(limited.retryAfterSeconds) },
      }),
    };
  }
  return { ok: true, key };
}

/** The audit log names the key by its visible prefix and name, as the keys page shows them. */
export async function keyActor(db: Executor, key: AuthenticatedKey): Promise<Actor> {
  const [row] = await db
    .select({ name: apiKeys.name, prefix: apiKeys.displayPrefix })
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, key.org.id), eq(apiKeys.id, key.keyId)));
  return { userId: null, label: row ? `api key ${row.prefix} (${row.name})` : "api key" };
}
