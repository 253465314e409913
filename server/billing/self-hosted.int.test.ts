import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { usageCounters } from "@/db/schema";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { insertOrganizationWithKeys, insertOrganizationWithRoles } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { restHandler } from "@/server/http/handler";
import { handleEventsPost } from "@/server/ingest/http";
import { callerFor } from "@/server/testing/caller";
import { failure } from "@/server/testing/outcomes";
import { billingOverview } from "./overview";
import { usagePeriod } from "./standing";

// No STRIPE_SECRET_KEY in this file's environment: a self-hosted server.
const POST = restHandler(handleEventsPost);

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

describe("billing off (self-hosted)", () => {
  it("counts usage but limits nothing: ingest far past Free's quota is stored, and the overview says there are no limits", async () => {
    const { org, ingestKey } = await insertOrganizationWithKeys(tdb.db);
    const period = usagePeriod(null, new Date());
    await tdb.db.insert(usageCounters).values({ orgId: org.id, periodStart: period.start, shard: 3, events: 5_000_000 });
    const response = await POST(
      new Request("http://localhost/api/v1/events", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ingestKey}` }, body: JSON.stringify({ type: "page.viewed", anonymousId: "v" }) }),
    );
    expect(response.status).toBe(200);
    const overview = await billingOverview(tdb.db, org.id);
    expect(overview).toMatchObject({ enabled: false, plan: "free", purchasable: [] });
    expect(overview.usage).toMatchObject({ events: 5_000_001, quota: null, level: "ok" });
    expect(overview.seats.limit).toBeNull();
    expect(overview.widgets.limit).toBeNull();
  });

  it("an owner who tries to subscribe is told that billing is off", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const error = await failure(callerFor(tdb.db, members.owner).billing.checkout({ orgSlug: org.slug, plan: "growth" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/Billing is off on this server/);
  });
});
