import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLogs, memberships, organizations, users } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertUser } from "@/db/testing/factories";
import { DomainError } from "@/server/errors";
import { authenticate } from "@/server/services/accounts";
import { runCreateOrg } from "./create-org";
import { authenticateApiKey } from "@/server/services/api-keys";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const PASSWORD = "correct horse battery staple";
const base = { name: "Acme Outdoor", ownerEmail: "owner@acme.test", ownerPassword: PASSWORD };

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("create-org", () => {
  it("creates the owner's account and the organisation, with defaults, and audits it as the CLI", async () => {
    const result = await runCreateOrg(tdb.db, base);
    expect(result).toEqual({
      orgId: expect.any(String),
      slug: "acme-outdoor",
      ownerUserId: expect.any(String),
      ownerCreated: true,
      apiKeys: { ingest: expect.stringMatching(/^ac_pub_[\w-]{32}$/), secret: expect.stringMatching(/^ac_sec_[\w-]{32}$/) },
    });
    expect(await authenticateApiKey(tdb.db, result.apiKeys.ingest)).toMatchObject({ kind: "ingest", org: { id: result.orgId } });
    expect(await authenticateApiKey(tdb.db, result.apiKeys.secret)).toMatchObject({ kind: "secret", org: { id: result.orgId } });

    const [owner] = await tdb.db.select().from(users).where(eq(users.id, result.ownerUserId));
    expect(owner).toMatchObject({ email: "owner@acme.test", name: "owner" });
    expect(await authenticate(tdb.db, "owner@acme.test", PASSWORD)).toMatchObject({ id: result.ownerUserId });

    const [org] = await tdb.db.select().from(organizations).where(eq(organizations.id, result.orgId));
    expect(org).toMatchObject({ name: "Acme Outdoor", currency: "EUR", timeZone: "UTC", industry: "ecommerce" });
    expect(await tdb.db.select().from(memberships)).toMatchObject([{ userId: result.ownerUserId, role: "owner" }]);
    expect(await tdb.db.select().from(auditLogs).orderBy(auditLogs.id)).toMatchObject([
      { action: "organization.created", actorUserId: result.ownerUserId, actorLabel: "cli (owner@acme.test)" },
      { action: "api_key.created", after: { kind: "ingest" } },
      { action: "api_key.created", after: { kind: "secret" } },
    ]);
  });

  it("takes the optional settings, normalising case", async () => {
    const result = await runCreateOrg(tdb.db, {
      ...base,
      name: "Café Zürich",
      currency: "chf",
      timeZone: "Europe/Zurich",
      industry: "services",
    });
    expect(result.slug).toBe("cafe-zurich");
    const [org] = await tdb.db.select().from(organizations);
    expect(org).toMatchObject({ currency: "CHF", timeZone: "Europe/Zurich", industry: "services" });
    expect((await runCreateOrg(tdb.db, { ...base, slug: "Acme-2" })).slug).toBe("acme-2");
  });

  it("reuses an existing account without touching its password", async () => {
    const existing = await insertUser(tdb.db, { email: "owner@acme.test" });
    const result = await runCreateOrg(tdb.db, { ...base, ownerEmail: "Owner@Acme.TEST", ownerPassword: "x" });
    expect(result).toMatchObject({ ownerUserId: existing.id, ownerCreated: false });
    const [owner] = await tdb.db.select().from(users).where(eq(users.id, existing.id));
    expect(owner!.passwordHash).toBeNull();
    expect(await tdb.db.select().from(users)).toHaveLength(1);
  });

  it("refuses invalid settings with field errors, before creating anything", async () => {
    const error = await failure(runCreateOrg(tdb.db, { ...base, currency: "XYZ", timeZone: "Mars/Olympus", industry: "toys" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.details.fieldErrors).toEqual({
      currency: [expect.stringContaining("ISO-4217")],
      timeZone: [expect.stringContaining("IANA")],
      industry: ["Choose an industry."],
    });
    const badEmail = await failure(runCreateOrg(tdb.db, { ...base, ownerEmail: "not-an-email" }));
    expect(badEmail.details.fieldErrors).toHaveProperty("ownerEmail");
    expect(await tdb.db.select().from(users)).toHaveLength(0);
  });

  it("reports a weak password of a new owner under --owner-password", async () => {
    const error = await failure(runCreateOrg(tdb.db, { ...base, ownerPassword: "short" }));
    expect(error).toMatchObject({ code: "BAD_REQUEST", details: { fieldErrors: { ownerPassword: [expect.any(String)] } } });
  });

  it("refuses a taken slug with CONFLICT and leaves no new account behind", async () => {
    await runCreateOrg(tdb.db, base);
    const error = await failure(runCreateOrg(tdb.db, { ...base, ownerEmail: "second@acme.test" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.details.fieldErrors?.slug?.[0]).toContain("taken");
    expect((await tdb.db.select().from(users)).map((u) => u.email)).toEqual(["owner@acme.test"]);
    expect(await tdb.db.select().from(organizations)).toHaveLength(1);
  });

  it("refuses a reserved slug", async () => {
    const error = await failure(runCreateOrg(tdb.db, { ...base, slug: "admin" }));
    expect(error).toMatchObject({ code: "CONFLICT", details: { fieldErrors: { slug: [expect.stringContaining("reserved")] } } });
  });
});
