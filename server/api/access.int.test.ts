import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganizationWithRoles } from "@/db/testing/factories";
import { can, ROLES } from "@/lib/permissions";
import { callerFor } from "@/server/testing/caller";
import { callPath, listProcedures } from "./procedure-walk";
import { outcome } from "@/server/testing/outcomes";

// These tests walk the router itself: a procedure added later is covered without editing them.
// Each call carries only `orgSlug`, so a call that gets past access control fails on its own input
// (BAD_REQUEST) or returns harmlessly; destructive procedures require an explicit confirmation.

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());

const procedures = listProcedures();
const orgScoped = procedures.filter((p) => p.meta.scope === "org" && p.type !== "subscription");

describe("the procedure list", () => {
  it("finds the org-scoped procedures", () => {
    expect(orgScoped.length).toBeGreaterThan(8);
  });

  it("has no procedure outside the org tower that takes an organisation in its input", () => {
    const leaks = procedures
      .filter((p) => p.meta.scope !== "org")
      .filter((p) => p.inputKeys.some((k) => /^(org|organization)(Id|Slug)$|^slug$/.test(k)))
      // These two name the address of a new organisation: they read no existing one.
      .filter((p) => !["organization.checkSlug", "organization.create"].includes(p.path));
    expect(leaks.map((p) => p.path)).toEqual([]);
  });
});

describe("cross-tenant access", () => {
  it.each(orgScoped.map((p) => [p.path, p] as const))(
    "%s answers NOT_FOUND to every role of another organisation",
    async (_path, procedure) => {
      const mine = await insertOrganizationWithRoles(tdb.db);
      const theirs = await insertOrganizationWithRoles(tdb.db);
      for (const role of ROLES) {
        const api = callerFor(tdb.db, mine.members[role]);
        expect(await outcome(callPath(api, procedure.path, { orgSlug: theirs.org.slug }))).toBe("NOT_FOUND");
      }
      // The other organisation is untouched.
      const owner = callerFor(tdb.db, theirs.members.owner);
      expect(await owner.member.list({ orgSlug: theirs.org.slug })).toHaveLength(4);
    },
  );

  it("answers NOT_FOUND for another organisation's member or invitation addressed through one's own", async () => {
    const mine = await insertOrganizationWithRoles(tdb.db);
    const theirs = await insertOrganizationWithRoles(tdb.db);
    const theirOwner = callerFor(tdb.db, theirs.members.owner);
    const invite = await theirOwner.invitation.create({ orgSlug: theirs.org.slug, email: "x@example.test", role: "viewer" });
    const api = callerFor(tdb.db, mine.members.owner);
    expect(await outcome(api.invitation.revoke({ orgSlug: mine.org.slug, invitationId: invite.id }))).toBe("NOT_FOUND");
    expect(await outcome(api.member.remove({ orgSlug: mine.org.slug, userId: theirs.members.viewer.id }))).toBe(
      "NOT_FOUND",
    );
    expect(
      await outcome(api.member.updateRole({ orgSlug: mine.org.slug, userId: theirs.members.viewer.id, role: "admin" })),
    ).toBe("NOT_FOUND");
    expect(await theirOwner.invitation.list({ orgSlug: theirs.org.slug })).toHaveLength(1);
  });
});

describe("roles", () => {
  it.each(orgScoped.map((p) => [p.path, p] as const))("%s admits exactly the roles its permission names", async (_path, procedure) => {
    const permission = procedure.meta.permission ?? "org.read";
    for (const role of ROLES) {
      const { org, members } = await insertOrganizationWithRoles(tdb.db);
      const result = await outcome(callPath(callerFor(tdb.db, members[role]), procedure.path, { orgSlug: org.slug }));
      if (can(role, permission)) {
        expect(["OK", "BAD_REQUEST", "CONFLICT"], `${role} may ${permission}`).toContain(result);
      } else {
        expect(result, `${role} may not ${permission}`).toBe("FORBIDDEN");
      }
    }
  });

  it.each(procedures.filter((p) => p.meta.scope === "org").map((p) => [p.path] as const))(
    "%s answers UNAUTHORIZED without a session",
    async (path) => {
      const { org } = await insertOrganizationWithRoles(tdb.db);
      expect(await outcome(callPath(callerFor(tdb.db, null), path, { orgSlug: org.slug }))).toBe("UNAUTHORIZED");
    },
  );
});
