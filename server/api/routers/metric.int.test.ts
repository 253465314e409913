import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganizationWithRoles } from "@/db/testing/factories";
import { ingestEvents } from "@/server/ingest/store";
import { callerFor } from "@/server/testing/caller";
import { failure } from "@/server/testing/outcomes";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

describe("metric router", () => {
  it("a viewer reads a summary, a weekly series, a breakdown and the cohorts of the same numbers", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    await ingestEvents(tdb.db, { id: org.id, currency: org.currency }, [
      { type: "order.placed", customerId: "c1", timestamp: "2026-03-02T10:00:00Z", properties: { orderId: "o1", total: 30 } },
      { type: "order.placed", customerId: "c1", timestamp: "2026-03-10T10:00:00Z", properties: { orderId: "o2", total: 50 } },
    ], { now: new Date("2026-04-01T00:00:00Z") });
    const api = callerFor(tdb.db, members.viewer);
    const period = { orgSlug: org.slug, from: "2026-03-01", to: "2026-04-01" };
    const summary = await api.metric.summary({ ...period, keys: ["orders", "revenue"] });
    expect(summary.metrics.map((m) => [m.key, m.value])).toEqual([["orders", 2], ["revenue", 80]]);
    const series = await api.metric.timeseries({ ...period, key: "orders", interval: "week" });
    expect(series.series?.reduce((s, p) => s + (p.value ?? 0), 0)).toBe(2);
    expect((await api.metric.breakdown({ ...period, key: "repeat_purchase_rate" })).breakdown).toMatchObject({ customers: 1, repeat: 1 });
    expect((await api.metric.cohorts(period)).cohorts).toEqual([{ cohort: "2026-03", size: 1, customers: [1], retention: [1], revenuePerCustomer: [80] }]);
    expect((await api.metric.catalog({ orgSlug: org.slug })).length).toBeGreaterThan(30);
  });

  it("names unknown keys and reversed periods as BAD_REQUEST", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const api = callerFor(tdb.db, members.viewer);
    const unknown = await failure(api.metric.summary({ orgSlug: org.slug, keys: ["orders", "made_up"] }));
    expect(unknown).toMatchObject({ code: "BAD_REQUEST" });
    expect(unknown.message).toContain("made_up");
    const reversed = await failure(api.metric.summary({ orgSlug: org.slug, keys: ["orders"], from: "2026-03-01", to: "2026-02-01" }));
    expect(reversed.message).toContain("must be before");
  });
});
