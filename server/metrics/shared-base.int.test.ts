import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganization } from "@/db/testing/factories";
import { loadDemoData } from "@/server/cli/demo-seed";
import type { SharedRelations } from "./context";
import { readMetrics } from "./service";

// A dashboard page's panels share the customer base B(to) of one request (server/metrics/base.ts).
// Shared or not, every metric over it must answer the same.

let tdb: TestDatabase;
let orgId: string;
const NOW = new Date("2026-05-01T12:00:00Z");
beforeAll(async () => {
  tdb = await createTestDatabase();
  const org = await insertOrganization(tdb.db, { currency: "EUR" });
  orgId = org.id;
  await loadDemoData(tdb.db, orgId, { seed: 5, customers: 160, now: NOW });
});
afterAll(async () => tdb.close());

const BASE_METRICS = ["sustainability_engagement_rate", "repair_activity_rate", "end_of_life_action_rate", "referral_rate", "content_engagement_rate", "lifecycle_interactions_per_customer", "loyalty_adoption_rate"];
const view = { from: "2026-03-01", to: "2026-04-01", interval: "day" as const };

describe("the customer base shared by the reads of one request", () => {
  it("is computed once for reads over the same periods and segment, and every metric answers as it does unshared", async () => {
    const shared: SharedRelations = new Map();
    // Three panels of a page: separate reads of the same view.
    const panels = [BASE_METRICS.slice(0, 1), BASE_METRICS.slice(1, 4), BASE_METRICS.slice(4)];
    const sharedResults = await Promise.all(panels.map((keys) => readMetrics(tdb.db, orgId, { ...view, keys }, NOW, shared)));
    expect(shared.size).toBe(1);
    const alone = await Promise.all(panels.map((keys) => readMetrics(tdb.db, orgId, { ...view, keys }, NOW)));
    expect(sharedResults).toEqual(alone);
    // The demo shop's numbers are not empty: the comparison compared something.
    const engagement = sharedResults[0]!.metrics[0]!;
    expect(engagement.value).toBeGreaterThan(0);
    expect(engagement.series!.filter((p) => p.value !== null).length).toBeGreaterThan(20);
  });

  it("keeps segments, periods and comparison apart: each gets its own base, and the same answers as unshared", async () => {
    const shared: SharedRelations = new Map();
    const reads = [
      { ...view, keys: ["repair_activity_rate"] },
      { ...view, keys: ["repair_activity_rate"], segment: { engagement: "high" } },
      { from: "2026-02-01", to: "2026-03-01", keys: ["repair_activity_rate"] },
      { ...view, keys: ["repair_activity_rate"], compare: false },
    ];
    const results = [];
    for (const read of reads) results.push(await readMetrics(tdb.db, orgId, read as never, NOW, shared));
    expect(shared.size).toBe(4);
    for (const [i, read] of reads.entries()) expect(results[i]).toEqual(await readMetrics(tdb.db, orgId, read as never, NOW));
    expect(results[1]!.metrics[0]!.breakdown).not.toEqual(results[0]!.metrics[0]!.breakdown);
  });
});
