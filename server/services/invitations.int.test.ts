import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { invitations } from "@/db/schema";
import { insertOrganizationWithRoles, insertUser } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import type { Role } from "@/lib/permissions";
import { generateToken, hashToken } from "@/server/auth/tokens";
import { DomainError } from "@/server/errors";
import { callerFor } from "@/server/testing/caller";
import { failure } from "@/server/testing/outcomes";

// Links are read from return values: never send real mail.
vi.hoisted(() => {
  delete process.env.SMTP_URL;
});

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

async function setup() {
  const { org, members } = await insertOrganizationWithRoles(tdb.db);
  const admin = callerFor(tdb.db, members.admin);
  const owner = callerFor(tdb.db, members.owner);
  const invite = async (email: string, role: Role = "analyst", by = admin) => {
    const result = await by.invitation.create({ orgSlug: org.slug, email, role });
    const token = new URL(result.link).pathname.match(/^\/invite\/([A-Za-z0-9_-]{43})$/)?.[1];
    expect(token, result.link).toBeDefined();
    return { ...result, token: token! };
  };
  const expire = (id: string) =>
    tdb.db.update(invitations).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(invitations.id, id));
  return { org, members, admin, owner, invite, expire };
}

const anonymous = () => callerFor(tdb.db, null);

describe("inviting", () => {
  it("gives a link whose token describes a pending invitation to the organisation", async () => {
    const { org, members, invite } = await setup();
    const { token, emailed, expiresAt } = await invite("newcomer@example.test", "analyst");
    expect(emailed).toBe(false);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    expect(await anonymous().invitation.describe({ token })).toMatchObject({
      status: "pending",
      orgName: org.name,
      email: "newcomer@example.test",
      role: "analyst",
      inviter: members.admin.name,
    });
  });

  it("replaces the open invitation when the same address is invited again", async () => {
    const { org, admin, invite } = await setup();
    const first = await invite("newcomer@example.test", "viewer");
    const second = await invite("NEWCOMER@example.test", "analyst");
    expect(await anonymous().invitation.describe({ token: first.token })).toMatchObject({ status: "revoked" });
    expect(await anonymous().invitation.describe({ token: second.token })).toMatchObject({ status: "pending", role: "analyst" });
    expect(await admin.invitation.list({ orgSlug: org.slug })).toMatchObject([{ id: second.id }]);
  });

  it("refuses to invite an existing member, with CONFLICT on the email field", async () => {
    const { org, members, admin } = await setup();
    const error = await failure(
      admin.invitation.create({ orgSlug: org.slug, email: members.viewer.email.toUpperCase(), role: "analyst" }),
    );
    expect(error.code).toBe("CONFLICT");
    expect((error.cause as DomainError).details.fieldErrors?.email).toEqual([expect.stringContaining("already a member")]);
    expect(await admin.invitation.list({ orgSlug: org.slug })).toEqual([]);
  });

  it("lets only an owner invite an owner", async () => {
    const { org, admin, owner, invite } = await setup();
    const error = await failure(admin.invitation.create({ orgSlug: org.slug, email: "boss@example.test", role: "owner" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(await owner.invitation.list({ orgSlug: org.slug })).toEqual([]);
    const { token } = await invite("boss@example.test", "owner", owner);
    expect(await anonymous().invitation.describe({ token })).toMatchObject({ status: "pending", role: "owner" });
  });

  it("describes an unknown token as invalid", async () => {
    await setup();
    expect(await anonymous().invitation.describe({ token: generateToken() })).toEqual({ status: "invalid" });
  });
});

describe("accepting", () => {
  it("refuses a signed-in user with another address, naming the invited one", async () => {
    const { invite } = await setup();
    const { token } = await invite("newcomer@example.test");
    const stranger = await insertUser(tdb.db, { email: "stranger@example.test" });
    const error = await failure(callerFor(tdb.db, stranger).invitation.accept({ token }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain("newcomer@example.test");
    expect(await anonymous().invitation.describe({ token })).toMatchObject({ status: "pending" });
  });

  it("makes the invited user a member with the invited role, once", async () => {
    const { org, admin, owner, invite } = await setup();
    const { token } = await invite("NewComer@Example.TEST", "analyst");
    const newcomer = await insertUser(tdb.db, { email: "newcomer@example.test" });
    const api = callerFor(tdb.db, newcomer);
    expect(await api.invitation.accept({ token })).toEqual({ slug: org.slug });

    const members = await owner.member.list({ orgSlug: org.slug });
    expect(members.find((m) => m.userId === newcomer.id)?.role).toBe("analyst");
    const joined = await owner.audit.list({ orgSlug: org.slug, action: "member.joined" });
    expect(joined.items).toMatchObject([{ targetId: newcomer.id, after: { email: "newcomer@example.test", role: "analyst" } }]);

    const again = await failure(api.invitation.accept({ token }));
    expect(again.code).toBe("BAD_REQUEST");
    expect(again.message).toMatch(/already been used/);
    expect(await anonymous().invitation.describe({ token })).toMatchObject({ status: "accepted" });
    expect(await admin.invitation.list({ orgSlug: org.slug })).toEqual([]);
  });

  it("refuses a revoked invitation", async () => {
    const { org, admin, invite } = await setup();
    const { id, token } = await invite("newcomer@example.test");
    expect(await admin.invitation.revoke({ orgSlug: org.slug, invitationId: id })).toEqual({ ok: true });
    expect(await anonymous().invitation.describe({ token })).toMatchObject({ status: "revoked" });
    const newcomer = await insertUser(tdb.db, { email: "newcomer@example.test" });
    const error = await failure(callerFor(tdb.db, newcomer).invitation.accept({ token }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/withdrawn/);
    expect((await failure(admin.invitation.revoke({ orgSlug: org.slug, invitationId: id }))).code).toBe("NOT_FOUND");
  });

  it("refuses an expired invitation with a message saying so", async () => {
    const { org, admin, invite, expire } = await setup();
    const { id, token } = await invite("newcomer@example.test");
    await expire(id);
    expect(await anonymous().invitation.describe({ token })).toMatchObject({ status: "expired" });
    const newcomer = await insertUser(tdb.db, { email: "newcomer@example.test" });
    const error = await failure(callerFor(tdb.db, newcomer).invitation.accept({ token }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/has expired/);
    const members = await admin.member.list({ orgSlug: org.slug });
    expect(members.map((m) => m.userId)).not.toContain(newcomer.id);
  });

  it("answers NOT_FOUND for an unknown token", async () => {
    const user = await insertUser(tdb.db);
    expect((await failure(callerFor(tdb.db, user).invitation.accept({ token: generateToken() }))).code).toBe("NOT_FOUND");
  });
});

describe("the invitation list and the audit log", () => {
  it("lists only open invitations, pending or expired", async () => {
    const { org, admin, invite, expire } = await setup();
    const pending = await invite("pending@example.test");
    const expired = await invite("expired@example.test");
    await expire(expired.id);
    const revoked = await invite("revoked@example.test");
    await admin.invitation.revoke({ orgSlug: org.slug, invitationId: revoked.id });
    const accepted = await invite("accepted@example.test");
    await callerFor(tdb.db, await insertUser(tdb.db, { email: "accepted@example.test" })).invitation.accept({
      token: accepted.token,
    });

    const list = await admin.invitation.list({ orgSlug: org.slug });
    const byEmail = Object.fromEntries(list.map((i) => [i.email, i.status]));
    expect(byEmail).toEqual({ "pending@example.test": "pending", "expired@example.test": "expired" });
    expect(list.find((i) => i.id === pending.id)).toMatchObject({ role: "analyst" });
  });

  it("records creation and revocation, and never the token or its hash", async () => {
    const { org, members, admin, owner, invite } = await setup();
    const { id, token } = await invite("newcomer@example.test", "viewer");
    await admin.invitation.revoke({ orgSlug: org.slug, invitationId: id });

    const log = await owner.audit.list({ orgSlug: org.slug, targetType: "invitation" });
    expect(log.items).toMatchObject([
      { action: "invitation.revoked", targetId: id, actorLabel: members.admin.email, before: { email: "newcomer@example.test" } },
      { action: "invitation.created", targetId: id, actorLabel: members.admin.email, after: { role: "viewer" } },
    ]);
    const text = JSON.stringify(log.items);
    expect(text).not.toContain(token);
    expect(text).not.toContain(hashToken(token));
  });
});
