import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { addMember, insertOrganization, insertOrganizationWithRoles, insertUser } from "@/db/testing/factories";
import { runListOrgs } from "./list-orgs";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

describe("list-orgs", () => {
  it("is empty on an empty database", async () => {
    expect(await runListOrgs(tdb.db)).toEqual([]);
  });

  it("lists every organisation, oldest first, with its member count", async () => {
    const { org: full } = await insertOrganizationWithRoles(tdb.db);
    const solo = await insertOrganization(tdb.db, {
      name: "Solo",
      slug: "solo",
      currency: "USD",
      timeZone: "America/New_York",
      industry: "saas",
      createdAt: new Date(Date.now() + 1000),
    });
    await addMember(tdb.db, solo.id, (await insertUser(tdb.db)).id, "owner");
    await insertOrganization(tdb.db, { slug: "empty", createdAt: new Date(Date.now() + 2000) });

    const list = await runListOrgs(tdb.db);
    expect(list.map((o) => [o.slug, o.members])).toEqual([
      [full.slug, 4],
      ["solo", 1],
      ["empty", 0],
    ]);
    expect(list[1]).toEqual({
      id: solo.id,
      slug: "solo",
      name: "Solo",
      industry: "saas",
      currency: "USD",
      timeZone: "America/New_York",
      members: 1,
      createdAt: solo.createdAt.toISOString(),
    });
    // Plain JSON: what the CLI prints is what it returns.
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
  });
});
