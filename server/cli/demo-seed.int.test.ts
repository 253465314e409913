import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLogs, memberships, organizations, users } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganization } from "@/db/testing/factories";
import { authenticate } from "@/server/services/accounts";
import { loadTargets } from "@/server/services/benchmarks";
import { getLoyaltyProgram } from "@/server/services/loyalty-programs";
import { DEMO_ACCOUNT, ensureDemoOrganization } from "./demo-seed";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

async function snapshot() {
  return {
    users: await tdb.db.select().from(users),
    organizations: await tdb.db.select().from(organizations),
    memberships: await tdb.db.select().from(memberships),
    audit: await tdb.db.select().from(auditLogs),
  };
}

describe("ensureDemoOrganization", () => {
  it("creates the demo account and organisation once; a second run changes nothing", async () => {
    const expected = { orgSlug: "demo", email: "demo@aftercart.local", password: "aftercart-demo-2026" };
    expect(await ensureDemoOrganization(tdb.db)).toEqual({ ...expected, created: true });
    const first = await snapshot();
    expect(first.organizations).toMatchObject([{ name: "Demo", slug: "demo" }]);
    expect(first.memberships).toMatchObject([{ userId: first.users[0]!.id, role: "owner" }]);
    expect(await authenticate(tdb.db, DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).toMatchObject({ id: first.users[0]!.id });
    // Set up as a merchant would: the e-commerce targets and the loyalty programme its events follow.
    const orgId = first.organizations[0]!.id;
    expect((await loadTargets(tdb.db, orgId)).get("checkout_abandonment_rate")).toEqual({ target: 70, warning: 77 });
    expect(await getLoyaltyProgram(tdb.db, orgId)).toMatchObject({ name: "Trail Rewards", pointsPerCurrencyUnit: 1, pointValue: 0.02 });

    expect(await ensureDemoOrganization(tdb.db)).toEqual({ ...expected, created: false });
    expect(await snapshot()).toEqual(first);
  });

  it("does not hand someone else's \"demo\" organisation to the demo account", async () => {
    await insertOrganization(tdb.db, { slug: "demo" });
    await expect(ensureDemoOrganization(tdb.db)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await tdb.db.select().from(memberships)).toEqual([]);
  });
});
