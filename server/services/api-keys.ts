import "server-only";
import { randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { apiKeys, organizations } from "@/db/schema";
import type { Executor } from "@/db";
import { hashToken } from "@/server/auth/tokens";
import { notFound } from "@/server/errors";
import { recordAudit, type Actor } from "./audit";

export type ApiKeyKind = "ingest" | "secret";

/** Prefixes make a leaked key recognisable (and secret-scanners can match them). */
export const KEY_PREFIX: Record<ApiKeyKind, string> = { ingest: "ac_pub_", secret: "ac_sec_" };

export function generateApiKey(kind: ApiKeyKind): string {
  return KEY_PREFIX[kind] + randomBytes(24).toString("base64url");
}

export async function createApiKey(db: Executor, actor: Actor, orgId: string, input: { kind: ApiKeyKind; name: string }) {
  const key = generateApiKey(input.kind);
  const displayPrefix = `${key.slice(0, KEY_PREFIX[input.kind].length + 4)}…`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ orgId, kind: input.kind, name: input.name.trim(), displayPrefix, tokenHash: hashToken(key), createdByUserId: actor.userId })
      .returning({ id: apiKeys.id, kind: apiKeys.kind, name: apiKeys.name, displayPrefix: apiKeys.displayPrefix, createdAt: apiKeys.createdAt });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "api_key.created",
      targetType: "api_key",
      targetId: row!.id,
      after: { kind: row!.kind, name: row!.name, prefix: displayPrefix },
    });
    // The only time the whole key leaves the server.
    return { ...row!, key };
  });
}

export async function listApiKeys(db: Executor, orgId: string) {
  return db
    .select({
      id: apiKeys.id,
      kind: apiKeys.kind,
      name: apiKeys.name,
      displayPrefix: apiKeys.displayPrefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.orgId, orgId))
    .orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(db: Executor, actor: Actor, orgId: string, keyId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning({ kind: apiKeys.kind, name: apiKeys.name, prefix: apiKeys.displayPrefix });
    if (!row) throw notFound("API key");
    await recordAudit(tx, { orgId, actor, action: "api_key.revoked", targetType: "api_key", targetId: keyId, before: row });
  });
  forgetCachedKeys(orgId);
}

export interface AuthenticatedKey {
  keyId: string;
  kind: ApiKeyKind;
  org: { id: string; slug: string; currency: string; timeZone: string };
}

/** The organisation a presented key belongs to, or null for an unknown or revoked key. */
export async function authenticateApiKey(db: Executor, presented: string): Promise<AuthenticatedKey | null> {
  if (!/^ac_(pub|sec)_[\w-]{20,64}$/.test(presented)) return null;
  const [row] = await db
    .select({
      keyId: apiKeys.id,
      kind: apiKeys.kind,
      org: { id: organizations.id, slug: organizations.slug, currency: organizations.currency, timeZone: organizations.timeZone },
    })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
    .where(and(eq(apiKeys.tokenHash, hashToken(presented)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  // "Last used" to the minute is enough, and spares a write on every request.
  void db
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(
      and(
        eq(apiKeys.orgId, row.org.id),
        eq(apiKeys.id, row.keyId),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    )
    .catch((error: unknown) => console.error("[api-keys] could not record last use", error));
  return row;
}

/**
 * Every ingest request presents a key; looking it up and touching its last-used time cost two
 * queries per request, a third of a single event's round trips. Keys are remembered (by hash) for a
 * few seconds per process. A revocation or an organisation change in this process forgets them at
 * once; another app instance sees it within KEY_CACHE_TTL_MS (docs/api.md says so).
 */
export const KEY_CACHE_TTL_MS = 5_000;

const keyCache = new LRUCache<string, { key: AuthenticatedKey | null }>({ max: 10_000, ttl: KEY_CACHE_TTL_MS });

export async function authenticateApiKeyCached(db: Executor, presented: string): Promise<AuthenticatedKey | null> {
  const cacheKey = hashToken(presented);
  const hit = keyCache.get(cacheKey);
  if (hit) return hit.key;
  const key = await authenticateApiKey(db, presented);
  // Unknown keys are remembered too (briefly), so a client retrying with a bad key costs no queries.
  keyCache.set(cacheKey, { key });
  return key;
}

/** After a key is revoked, or its organisation changed or deleted. */
export function forgetCachedKeys(orgId: string): void {
  for (const [cacheKey, entry] of keyCache.entries()) {
    if (entry.key?.org.id === orgId) keyCache.delete(cacheKey);
  }
}
