import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import type { Segment } from "@/lib/metrics/segment";
import { getMetric, listMetrics } from "./catalog";
import type { MetricResult } from "./engine";
import { metricFixture } from "./testing/fixture";
import { randomEvent } from "./testing/random-history";

// Properties every metric keeps on any data: a percent stays within 0-100, a count is never negative,
// and a segment never holds more than its whole. The data is random but small (a handful of
// customers and ids), so that duplicates, links, refunds, cancellations and recoveries collide
// often. Each run loads one history and evaluates the whole catalog three times (whole, and two
// segments), so runs are few; a failure prints the seed and the shrunk event list. PROPERTY_RUNS=200
// searches longer (that is how two cancellations of one order in one batch were found to fail ingest).
// Shrinking a failure costs a run per step: it is cut off after SHRINK_BUDGET_MS and the smallest case
// found so far is reported, so a failure is never hidden behind the test's timeout.
const RUNS = Number(process.env.PROPERTY_RUNS ?? 5);
const SHRINK_BUDGET_MS = 180_000;

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());

const SEGMENTS: Segment[] = [{ traits: { country: "DE" } }, { loyalty: "member" }];
const MARCH = ["2026-03-01", "2026-04-01"] as const;

function checkBounds(result: MetricResult) {
  const where = `${result.key} = ${result.value}`;
  if (result.value === null) return;
  expect(Number.isFinite(result.value), where).toBe(true);
  // Percents the catalog marks as passing 100 by definition (net revenue retention, when kept customers expand).
  const capped = result.unit === "percent" && !getMetric(result.key)?.above100;
  if (result.unit === "percent") expect(result.value, where).toBeGreaterThanOrEqual(0);
  if (capped) expect(result.value, where).toBeLessThanOrEqual(100);
  if (result.unit === "count" || result.unit === "hours" || result.unit === "ratio") expect(result.value, where).toBeGreaterThanOrEqual(0);
  for (const point of result.series ?? []) {
    if (point.value !== null && capped) expect(point.value, `${where} series`).toBeLessThanOrEqual(100);
    if (point.value !== null && result.unit !== "money" && result.unit !== "score") expect(point.value, `${where} series`).toBeGreaterThanOrEqual(0);
  }
}

// Money can be negative (refunds in a period), NPS runs from -100: both are left out of the bounds.
const BOUNDED = listMetrics().filter((m) => m.unit !== "table" && m.unit !== "money" && m.unit !== "score");
// Counts of things a segment filters (customers' events or orders): a segment's count is at most the whole's.
const SEGMENT_MONOTONE = listMetrics().filter((m) => m.unit === "count");

describe("metric properties on random histories", () => {
  it(
    "percents within 0-100, counts, hours and ratios never negative, segment counts at most the whole",
    async () => {
      await fc.assert(
        // size "max": fast-check's default size stops such arrays at 20 events, whatever maxLength says.
        fc.asyncProperty(fc.array(randomEvent, { minLength: 5, maxLength: 60, size: "max" }), async (events) => {
          await tdb.truncate();
          const f = await metricFixture(tdb.db);
          await f.send(events);
          const whole = new Map<string, MetricResult>();
          for (const metric of BOUNDED) {
            const result = await f.measure(metric.key, ...MARCH, { interval: "week" });
            checkBounds(result);
            whole.set(metric.key, result);
          }
          for (const segment of SEGMENTS) {
            for (const metric of SEGMENT_MONOTONE) {
              const part = await f.measure(metric.key, ...MARCH, { segment, compare: false });
              checkBounds(part);
              expect(part.value ?? 0, `${metric.key} in ${JSON.stringify(segment)}`).toBeLessThanOrEqual(whole.get(metric.key)!.value ?? 0);
            }
            for (const metric of BOUNDED.filter((m) => m.unit === "percent")) checkBounds(await f.measure(metric.key, ...MARCH, { segment, compare: false }));
          }
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: SHRINK_BUDGET_MS + RUNS * 20_000 },
      );
    },
    SHRINK_BUDGET_MS + RUNS * 30_000,
  );
});
