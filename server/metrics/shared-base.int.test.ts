import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganization } from "@/db/testing/factories";
import { loadDemoData } from "@/server/cli/demo-seed";
import { rowsOf } from "@/db";
import { sql } from "drizzle-orm";
import { ingestEvents } from "@/server/ingest/store";
import { customerBase } from "./testing/customer-base-pairs";
import { recording } from "./testing/recording";
import { loadMetricSettings, type SharedRelations } from "./context";
import { bucketsOf, previousPeriod, resolvePeriod } from "./period";
import { readMetrics } from "./service";

// A dashboard page's panels are separate reads of one request: they share the statements they have
// in common (the customer base B(to), retention and churn, orders and AOV). Shared or not, every
// metric must answer the same.

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

// These tests count what a computation runs: kept answers (answer-cache.ts) would leave nothing to count.
const COMPUTED = { cache: false };
const customerBaseStatements = (statements: string[]) => statements.filter((s) => s.includes("as mask")).length;

const BASE_METRICS = ["sustainability_engagement_rate", "repair_activity_rate", "end_of_life_action_rate", "referral_rate", "content_engagement_rate", "lifecycle_interactions_per_customer", "loyalty_adoption_rate"];
// The value page's panels: retention and churn, the order figures and the recurring-revenue ones are
// each one statement read by several metrics.
const VALUE_PAGE = [
  ["revenue", "orders", "aov", "purchase_frequency", "new_customers"],
  ["repeat_purchase_rate", "repeat_service_rate", "retention_rate", "churn_rate"],
  ["mrr", "revenue_churn_rate", "net_revenue_retention"],
  ["loyalty_adoption_rate", "points_redemption_rate", "loyalty_member_aov_lift"],
  ["clv_simple", "clv_historical"],
];
const view = { from: "2026-03-01", to: "2026-04-01", interval: "day" as const };

describe("the statements shared by the reads of one request", () => {
  it("builds the customer base once for reads over the same periods and segment, and every metric answers as it does unshared", async () => {
    const shared: SharedRelations = new Map();
    const statements: string[] = [];
    // Three panels of a page: separate reads of the same view.
    const panels = [BASE_METRICS.slice(0, 1), BASE_METRICS.slice(1, 4), BASE_METRICS.slice(4)];
    const sharedResults = await Promise.all(panels.map((keys) => readMetrics(recording(tdb.db, statements), orgId, { ...view, keys }, NOW, shared, COMPUTED)));
    expect(customerBaseStatements(statements)).toBe(1);
    const alone = await Promise.all(panels.map((keys) => readMetrics(tdb.db, orgId, { ...view, keys }, NOW, undefined, COMPUTED)));
    expect(sharedResults).toEqual(alone);
    // The demo shop's numbers are not empty: the comparison compared something.
    const engagement = sharedResults[0]!.metrics[0]!;
    expect(engagement.value).toBeGreaterThan(0);
    expect(engagement.series!.filter((p) => p.value !== null).length).toBeGreaterThan(20);
  });

  it("runs a statement several metrics read once: the value page answers as unshared with fewer statements", async () => {
    const sharedStatements: string[] = [];
    const aloneStatements: string[] = [];
    const shared: SharedRelations = new Map();
    const sharedResults = await Promise.all(VALUE_PAGE.map((keys) => readMetrics(recording(tdb.db, sharedStatements), orgId, { ...view, keys }, NOW, shared, COMPUTED)));
    // Unshared: each metric in a read of its own (a read shares within itself, as GET /api/v1/metrics does).
    const alone = await Promise.all(
      VALUE_PAGE.map(async (keys) => {
        const reads = await Promise.all(keys.map((key) => readMetrics(recording(tdb.db, aloneStatements), orgId, { ...view, keys: [key] }, NOW, undefined, COMPUTED)));
        return { ...reads[0]!, metrics: reads.flatMap((r) => r.metrics) };
      }),
    );
    expect(sharedResults).toEqual(alone);
    const metricStatements = (list: string[]) => list.filter((s) => s.includes("p_from"));
    // No statement of the shared page ran twice.
    expect(new Set(metricStatements(sharedStatements)).size).toBe(metricStatements(sharedStatements).length);
    // Unshared: retention and churn, orders, AOV, revenue and frequency, MRR, revenue churn and NRR,
    // repeat purchase and repeat service each ran their own.
    expect(metricStatements(aloneStatements).length - metricStatements(sharedStatements).length).toBeGreaterThanOrEqual(1 + 3 + 2 + 1);
    const value = (key: string) => sharedResults.flatMap((r) => r.metrics).find((m) => m.key === key)!;
    for (const key of ["retention_rate", "revenue", "aov", "purchase_frequency", "mrr", "net_revenue_retention", "clv_historical"]) expect(value(key).value, key).not.toBeNull();
    expect(value("churn_rate").value).toBeCloseTo(100 - value("retention_rate").value!, 6);
  });

  it("one read without a caller's map (the REST API's) shares within itself: the base once for all its metrics", async () => {
    const statements: string[] = [];
    const read = await readMetrics(recording(tdb.db, statements), orgId, { ...view, keys: BASE_METRICS }, NOW, undefined, COMPUTED);
    expect(customerBaseStatements(statements)).toBe(1);
    const alone = await Promise.all(BASE_METRICS.map((key) => readMetrics(tdb.db, orgId, { ...view, keys: [key] }, NOW, undefined, COMPUTED)));
    expect(read.metrics).toEqual(alone.flatMap((r) => r.metrics));
  });

  it("keeps segments, periods and comparison apart: each gets its own base, and the same answers as unshared", async () => {
    const shared: SharedRelations = new Map();
    const statements: string[] = [];
    const reads = [
      { ...view, keys: ["repair_activity_rate"] },
      { ...view, keys: ["repair_activity_rate"], segment: { engagement: "high" } },
      { from: "2026-02-01", to: "2026-03-01", keys: ["repair_activity_rate"] },
      { ...view, keys: ["repair_activity_rate"], compare: false },
    ];
    const results = [];
    for (const read of reads) results.push(await readMetrics(recording(tdb.db, statements), orgId, read as never, NOW, shared, COMPUTED));
    expect(customerBaseStatements(statements)).toBe(4);
    for (const [i, read] of reads.entries()) expect(results[i]).toEqual(await readMetrics(tdb.db, orgId, read as never, NOW, undefined, COMPUTED));
    expect(results[1]!.metrics[0]!.breakdown).not.toEqual(results[0]!.metrics[0]!.breakdown);
  });

  it("the compact base (a mask per customer) answers as the (period, customer) pairs it encodes: 102 periods, wider than any integer, and customer ids with commas, quotes, braces and backslashes", async () => {
    const odd = 'odd, "quoted" {braced} back\\slash';
    await ingestEvents(tdb.db, { id: orgId, currency: "EUR" }, [
      { type: "order.placed", customerId: odd, timestamp: "2026-02-10T10:00:00Z", properties: { orderId: "odd-1", total: 10 } },
      { type: "loyalty.enrolled", customerId: odd, timestamp: "2026-02-11T10:00:00Z" },
      { type: "dpp.viewed", customerId: odd, timestamp: "2026-03-15T10:00:00Z", properties: { productId: "p1" } },
    ], { now: NOW });
    const read = { from: "2026-01-20", to: "2026-04-30", interval: "day" as const, keys: ["sustainability_engagement_rate", "loyalty_adoption_rate"] };
    const result = await readMetrics(tdb.db, orgId, read, NOW, undefined, COMPUTED);
    // The periods the engine evaluated: the period, the one before, then each day.
    const settings = await loadMetricSettings(tdb.db, orgId);
    const period = resolvePeriod({ from: read.from, to: read.to }, settings.timeZone, NOW);
    const periods = [period, previousPeriod(period, settings.timeZone), ...bucketsOf(period, "day", settings.timeZone)];
    expect(periods.length).toBe(102);
    const ctx = { db: tdb.db, settings, now: NOW, segment: null, segmentAt: period.to };
    const pairs = rowsOf<{ i: number; cid: string }>(await tdb.db.execute(sql`select * from ${customerBase(ctx, periods)} b`));
    const baseOf = (i: number) => pairs.filter((p) => Number(p.i) === i);
    const [engagement, adoption] = result.metrics;
    // Every period's base count is the number of pairs of that period.
    expect(engagement!.breakdown).toMatchObject({ base: baseOf(0).length });
    expect(engagement!.previousBreakdown).toMatchObject({ base: baseOf(1).length });
    expect(engagement!.series!.length).toBe(100);
    expect(adoption!.breakdown).toMatchObject({ base: baseOf(0).length });
    // The odd customer is in the base of the days after their order (alive for the churn window),
    // counted as engaged on the day of their passport view and as a member from their enrolment on.
    expect(baseOf(0).some((p) => p.cid === odd)).toBe(true);
    const day = (iso: string) => periods.findIndex((p) => p.from.toISOString() === iso);
    const dayOfView = day("2026-03-15T00:00:00.000Z");
    expect(baseOf(dayOfView).some((p) => p.cid === odd)).toBe(true);
    expect(engagement!.series![dayOfView - 2]!.value).toBeGreaterThan(0);
    // Members in the base, per period, from the pairs: enrolled before the period's end.
    const enrolled = rowsOf<{ cid: string; first_at: string }>(
      await tdb.db.execute(sql`select coalesce(e.customer_id, il.customer_id) as cid, min(e.timestamp)::text as first_at from events e
        left join identity_links il on e.customer_id is null and il.org_id = e.org_id and il.anonymous_id = e.anonymous_id
        where e.org_id = ${orgId} and e.type = 'loyalty.enrolled' group by 1`),
    );
    const enrolledAt = new Map(enrolled.map((r) => [r.cid, new Date(r.first_at).getTime()]));
    const members = (i: number) => baseOf(i).filter((p) => (enrolledAt.get(p.cid) ?? Infinity) < periods[i]!.to.getTime()).length;
    expect(adoption!.breakdown).toMatchObject({ members: members(0) });
    adoption!.series!.forEach((point, k) => {
      const base = baseOf(k + 2).length;
      expect(point.value, `day ${k}`).toBe(base === 0 ? null : Math.round((1e6 * members(k + 2)) / base) / 1e4);
    });
  });
});
