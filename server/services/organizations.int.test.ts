import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganizationWithRoles, insertUser } from "@/db/testing/factories";
import { eq } from "drizzle-orm";
import { activitySpanDirty, checkoutSummaryDirty, customerActivitySpans, customers, eventMessageIds, events, keyedEvents, orders, visitSessionDirty } from "@/db/schema";
import { ingestEvents } from "@/server/ingest/store";
import { callerFor } from "@/server/testing/caller";
import { outcome as codeOf } from "@/server/testing/outcomes";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const settings = { name: "Acme Outdoor", currency: "EUR", timeZone: "Europe/Berlin", industry: "ecommerce" as const };

describe("organisations", () => {
  it("creates an organisation whose creator is its owner, and records it in the audit log", async () => {
    const user = await insertUser(tdb.db);
    const api = callerFor(tdb.db, user);
    const { slug } = await api.organization.create({ ...settings, slug: "acme" });
    expect(slug).toBe("acme");
    expect(await api.organization.list()).toMatchObject([{ slug: "acme", role: "owner" }]);
    const log = await api.audit.list({ orgSlug: "acme" });
    expect(log.items.map((e) => e.action)).toEqual(["organization.created"]);
  });

  it("refuses a taken slug with CONFLICT and a field message", async () => {
    const user = await insertUser(tdb.db);
    const api = callerFor(tdb.db, user);
    await api.organization.create({ ...settings, slug: "acme" });
    await expect(api.organization.create({ ...settings, slug: "acme" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("taken"),
    });
  });

  it("refuses a reserved slug, an unknown currency and an unknown time zone", async () => {
    const api = callerFor(tdb.db, await insertUser(tdb.db));
    expect(await codeOf(api.organization.create({ ...settings, slug: "api" }))).toBe("CONFLICT");
    expect(await codeOf(api.organization.create({ ...settings, slug: "x1", currency: "XYZ" }))).toBe("BAD_REQUEST");
    expect(await codeOf(api.organization.create({ ...settings, slug: "x2", timeZone: "Mars/Olympus" }))).toBe("BAD_REQUEST");
  });

  it("records settings changes with before and after", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const api = callerFor(tdb.db, members.admin);
    await api.organization.update({ orgSlug: org.slug, ...settings, currency: "USD" });
    const log = await api.audit.list({ orgSlug: org.slug, action: "organization.updated" });
    expect(log.items[0]).toMatchObject({ before: { currency: "EUR" }, after: { currency: "USD" }, actorLabel: members.admin.email });
  });

  it("deletes only with the slug typed as confirmation", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const api = callerFor(tdb.db, members.owner);
    expect(await codeOf(api.organization.delete({ orgSlug: org.slug, confirmSlug: "nope" }))).toBe("BAD_REQUEST");
    await ingestEvents(tdb.db, { id: org.id, currency: org.currency }, [
      { id: "m1", type: "page.viewed", customerId: "c1", timestamp: "2026-03-01T10:00:00Z", properties: {} },
      { type: "order.placed", customerId: "c1", timestamp: "2026-03-01T10:05:00Z", properties: { orderId: "o1", total: 5 } },
      { type: "tracking.viewed", customerId: "c1", timestamp: "2026-03-02T10:05:00Z", properties: { orderId: "o1" } },
    ]);
    await api.organization.delete({ orgSlug: org.slug, confirmSlug: org.slug });
    expect(await codeOf(api.organization.get({ orgSlug: org.slug }))).toBe("NOT_FOUND");
    // Events and message ids have no foreign key to cascade through: the service deletes them.
    // activity_span_dirty the cascade itself refills (the activity days' triggers), so it is emptied after it.
    for (const table of [events, eventMessageIds, orders, customers, visitSessionDirty, checkoutSummaryDirty, activitySpanDirty, customerActivitySpans, keyedEvents]) {
      expect(await tdb.db.select().from(table).where(eq(table.orgId, org.id))).toEqual([]);
    }
  });
});

describe("members and the last owner", () => {
  it("never lets the last owner leave, be demoted or be removed", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const owner = callerFor(tdb.db, members.owner);
    expect(await codeOf(owner.member.leave({ orgSlug: org.slug, confirm: true }))).toBe("CONFLICT");
    expect(await codeOf(owner.member.updateRole({ orgSlug: org.slug, userId: members.owner.id, role: "admin" }))).toBe(
      "CONFLICT",
    );
    // An admin may not touch an owner at all.
    const admin = callerFor(tdb.db, members.admin);
    expect(await codeOf(admin.member.remove({ orgSlug: org.slug, userId: members.owner.id }))).toBe("FORBIDDEN");
    expect(await codeOf(admin.member.updateRole({ orgSlug: org.slug, userId: members.viewer.id, role: "owner" }))).toBe(
      "FORBIDDEN",
    );
  });

  it("lets an owner hand over ownership and then leave", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const owner = callerFor(tdb.db, members.owner);
    await owner.member.updateRole({ orgSlug: org.slug, userId: members.admin.id, role: "owner" });
    await owner.member.leave({ orgSlug: org.slug, confirm: true });
    expect(await codeOf(owner.organization.get({ orgSlug: org.slug }))).toBe("NOT_FOUND");
    const roles = await callerFor(tdb.db, members.admin).member.list({ orgSlug: org.slug });
    expect(roles.find((m) => m.userId === members.admin.id)?.role).toBe("owner");
  });

  it("cuts a removed member off at once, whatever their session says", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    await callerFor(tdb.db, members.admin).member.remove({ orgSlug: org.slug, userId: members.analyst.id });
    expect(await codeOf(callerFor(tdb.db, members.analyst).organization.get({ orgSlug: org.slug }))).toBe("NOT_FOUND");
    const log = await callerFor(tdb.db, members.admin).audit.list({ orgSlug: org.slug, action: "member.removed" });
    expect(log.items[0]?.before).toMatchObject({ email: members.analyst.email, role: "analyst" });
  });
});
