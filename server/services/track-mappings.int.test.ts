import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganizationWithRoles } from "@/db/testing/factories";
import { callerFor } from "@/server/testing/caller";
import { failure, outcome } from "@/server/testing/outcomes";

let tdb: TestDatabase;
let setup: Awaited<ReturnType<typeof insertOrganizationWithRoles>>;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  setup = await insertOrganizationWithRoles(tdb.db);
});

const as = (role: "owner" | "admin" | "analyst" | "viewer") => callerFor(tdb.db, setup.members[role]);

describe("track mappings", () => {
  it("sets, changes and deletes a mapping, each with its audit entry", async () => {
    const api = as("admin");
    const orgSlug = setup.org.slug;
    expect(await api.trackMapping.set({ orgSlug, trackName: "  Survey Answered ", type: "survey.responded" })).toEqual({
      trackName: "Survey Answered",
      type: "survey.responded",
    });
    await api.trackMapping.set({ orgSlug, trackName: "Survey Answered", type: "feature.used" });
    await api.trackMapping.set({ orgSlug, trackName: "Repair Booked", type: "repair.requested" });
    expect(await api.trackMapping.list({ orgSlug })).toEqual([
      { trackName: "Repair Booked", type: "repair.requested" },
      { trackName: "Survey Answered", type: "feature.used" },
    ]);
    await api.trackMapping.delete({ orgSlug, trackName: "Repair Booked" });
    expect(await api.trackMapping.list({ orgSlug })).toEqual([{ trackName: "Survey Answered", type: "feature.used" }]);

    const log = await api.audit.list({ orgSlug, limit: 10 });
    expect(log.items.map((e) => [e.action, e.before, e.after])).toEqual([
      ["track_mapping.deleted", { trackName: "Repair Booked", type: "repair.requested" }, null],
      ["track_mapping.set", null, { trackName: "Repair Booked", type: "repair.requested" }],
      ["track_mapping.set", { trackName: "Survey Answered", type: "survey.responded" }, { trackName: "Survey Answered", type: "feature.used" }],
      ["track_mapping.set", null, { trackName: "Survey Answered", type: "survey.responded" }],
    ]);
  });

  it("records nothing when a mapping is set to what it already is", async () => {
    const api = as("admin");
    const orgSlug = setup.org.slug;
    await api.trackMapping.set({ orgSlug, trackName: "Survey Answered", type: "survey.responded" });
    await api.trackMapping.set({ orgSlug, trackName: "Survey Answered", type: "survey.responded" });
    expect((await api.audit.list({ orgSlug, action: "track_mapping.set", limit: 10 })).items).toHaveLength(1);
  });

  it("refuses the e-commerce spec names, in any spelling, with a field message", async () => {
    const error = await failure(as("admin").trackMapping.set({ orgSlug: setup.org.slug, trackName: "order completed", type: "feature.used" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe(`"Order Completed" is part of Segment's e-commerce spec and always becomes order.placed.`);
  });

  it("refuses a second name that matches the same events as an existing one", async () => {
    const api = as("admin");
    await api.trackMapping.set({ orgSlug: setup.org.slug, trackName: "Survey Answered", type: "survey.responded" });
    const error = await failure(api.trackMapping.set({ orgSlug: setup.org.slug, trackName: "survey_answered", type: "feature.used" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain('"Survey Answered" is already mapped');
  });

  it("refuses unknown types, customer.identified and empty names", async () => {
    const api = as("admin");
    const orgSlug = setup.org.slug;
    expect(await outcome(api.trackMapping.set({ orgSlug, trackName: "X", type: "made.up" as never }))).toBe("BAD_REQUEST");
    expect(await outcome(api.trackMapping.set({ orgSlug, trackName: "X", type: "customer.identified" as never }))).toBe("BAD_REQUEST");
    expect(await outcome(api.trackMapping.set({ orgSlug, trackName: "   ", type: "feature.used" }))).toBe("BAD_REQUEST");
  });

  it("answers NOT_FOUND for deleting a mapping that does not exist", async () => {
    expect(await outcome(as("admin").trackMapping.delete({ orgSlug: setup.org.slug, trackName: "Nope" }))).toBe("NOT_FOUND");
  });

  it("lets every member read the mappings and only admins and owners change them", async () => {
    const orgSlug = setup.org.slug;
    await as("owner").trackMapping.set({ orgSlug, trackName: "Survey Answered", type: "survey.responded" });
    expect(await as("viewer").trackMapping.list({ orgSlug })).toHaveLength(1);
    expect(await outcome(as("analyst").trackMapping.set({ orgSlug, trackName: "Other", type: "feature.used" }))).toBe("FORBIDDEN");
    expect(await outcome(as("viewer").trackMapping.delete({ orgSlug, trackName: "Survey Answered" }))).toBe("FORBIDDEN");
  });
});
