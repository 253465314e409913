import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganizationWithRoles } from "@/db/testing/factories";
import { authenticateApiKey, authenticateApiKeyCached } from "@/server/services/api-keys";
import { callerFor } from "@/server/testing/caller";
import { failure, outcome } from "@/server/testing/outcomes";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

async function adminOfNewOrg() {
  const { org, members } = await insertOrganizationWithRoles(tdb.db);
  return { org, members, api: callerFor(tdb.db, members.admin) };
}

describe("apiKey router", () => {
  it("creates a key of each kind, shows it once, and lists it by prefix only", async () => {
    const { org, api } = await adminOfNewOrg();
    const ingest = await api.apiKey.create({ orgSlug: org.slug, kind: "ingest", name: "  Storefront  " });
    const secret = await api.apiKey.create({ orgSlug: org.slug, kind: "secret", name: "BI export" });
    expect(ingest.key).toMatch(/^ac_pub_[\w-]{32}$/);
    expect(secret.key).toMatch(/^ac_sec_[\w-]{32}$/);
    expect(ingest.name).toBe("Storefront");

    const listed = await api.apiKey.list({ orgSlug: org.slug });
    expect(listed.map((k) => k.name).sort()).toEqual(["BI export", "Storefront"]);
    const storefront = listed.find((k) => k.name === "Storefront")!;
    expect(storefront).toMatchObject({ kind: "ingest", displayPrefix: `${ingest.key.slice(0, 11)}…`, lastUsedAt: null, revokedAt: null });
    // Neither the key nor its hash ever comes back after creation.
    const text = JSON.stringify(listed);
    expect(text).not.toContain(ingest.key);
    expect(text).not.toContain(secret.key);
    expect(Object.keys(storefront).sort()).toEqual(["createdAt", "displayPrefix", "id", "kind", "lastUsedAt", "name", "revokedAt"]);

    expect(await authenticateApiKey(tdb.db, ingest.key)).toMatchObject({ kind: "ingest", org: { id: org.id } });
    expect(await authenticateApiKey(tdb.db, secret.key)).toMatchObject({ kind: "secret", org: { id: org.id } });
  });

  it("refuses a key without a name, with a name over 80 characters, or of an unknown kind", async () => {
    const { org, api } = await adminOfNewOrg();
    const unnamed = await failure(api.apiKey.create({ orgSlug: org.slug, kind: "ingest", name: "   " }));
    expect(unnamed.code).toBe("BAD_REQUEST");
    expect(unnamed.message).toContain("Name the key");
    expect(await outcome(api.apiKey.create({ orgSlug: org.slug, kind: "ingest", name: "x".repeat(81) }))).toBe("BAD_REQUEST");
    expect(await outcome(api.apiKey.create({ orgSlug: org.slug, kind: "admin" as "ingest", name: "Root" }))).toBe("BAD_REQUEST");
    expect(await api.apiKey.list({ orgSlug: org.slug })).toEqual([]);
  });

  it("revokes a key: it stops working at once, stays listed as revoked, and cannot be revoked twice", async () => {
    const { org, api } = await adminOfNewOrg();
    const created = await api.apiKey.create({ orgSlug: org.slug, kind: "ingest", name: "Storefront" });
    await api.apiKey.revoke({ orgSlug: org.slug, keyId: created.id });
    expect(await authenticateApiKey(tdb.db, created.key)).toBeNull();
    const [listed] = await api.apiKey.list({ orgSlug: org.slug });
    expect(listed!.revokedAt).toBeInstanceOf(Date);
    expect(await outcome(api.apiKey.revoke({ orgSlug: org.slug, keyId: created.id }))).toBe("NOT_FOUND");
  });

  it("forgets a remembered key when it is revoked or its organisation's currency changes, in this process at once", async () => {
    const { org, api } = await adminOfNewOrg();
    const kept = await api.apiKey.create({ orgSlug: org.slug, kind: "ingest", name: "Kept" });
    const revoked = await api.apiKey.create({ orgSlug: org.slug, kind: "ingest", name: "Revoked" });
    expect(await authenticateApiKeyCached(tdb.db, revoked.key)).not.toBeNull();
    expect((await authenticateApiKeyCached(tdb.db, kept.key))?.org.currency).toBe(org.currency);
    await api.apiKey.revoke({ orgSlug: org.slug, keyId: revoked.id });
    expect(await authenticateApiKeyCached(tdb.db, revoked.key)).toBeNull();
    const currency = org.currency === "JPY" ? "EUR" : "JPY";
    await api.organization.update({ orgSlug: org.slug, name: org.name, currency, timeZone: org.timeZone, industry: org.industry });
    expect((await authenticateApiKeyCached(tdb.db, kept.key))?.org.currency).toBe(currency);
  });

  it("cannot revoke or see another organisation's key", async () => {
    const mine = await adminOfNewOrg();
    const theirs = await adminOfNewOrg();
    const theirKey = await theirs.api.apiKey.create({ orgSlug: theirs.org.slug, kind: "secret", name: "Theirs" });
    expect(await outcome(mine.api.apiKey.revoke({ orgSlug: mine.org.slug, keyId: theirKey.id }))).toBe("NOT_FOUND");
    expect(await mine.api.apiKey.list({ orgSlug: mine.org.slug })).toEqual([]);
    expect(await authenticateApiKey(tdb.db, theirKey.key)).not.toBeNull();
  });

  it("records creation and revocation in the audit log, with the prefix and never the key", async () => {
    const { org, members, api } = await adminOfNewOrg();
    const created = await api.apiKey.create({ orgSlug: org.slug, kind: "secret", name: "BI export" });
    await api.apiKey.revoke({ orgSlug: org.slug, keyId: created.id });
    const log = await api.audit.list({ orgSlug: org.slug });
    expect(log.items.map((e) => e.action)).toEqual(["api_key.revoked", "api_key.created"]);
    expect(log.items[1]).toMatchObject({ actorLabel: members.admin.email, after: { kind: "secret", name: "BI export", prefix: created.displayPrefix } });
    expect(JSON.stringify(log.items)).not.toContain(created.key);
  });

  it("is for admins and owners: analysts and viewers are refused", async () => {
    const { org, members } = await adminOfNewOrg();
    for (const role of ["analyst", "viewer"] as const) {
      const api = callerFor(tdb.db, members[role]);
      expect(await outcome(api.apiKey.list({ orgSlug: org.slug }))).toBe("FORBIDDEN");
      expect(await outcome(api.apiKey.create({ orgSlug: org.slug, kind: "ingest", name: "Sneaky" }))).toBe("FORBIDDEN");
    }
    expect(await outcome(callerFor(tdb.db, members.owner).apiKey.list({ orgSlug: org.slug }))).toBe("OK");
  });
});
