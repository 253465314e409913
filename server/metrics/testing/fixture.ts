import type { Executor } from "@/db";
import { insertOrganization } from "@/db/testing/factories";
import { organizations } from "@/db/schema";
import { ingestEvents } from "@/server/ingest/store";
import type { Segment } from "@/lib/metrics/segment";
import { getMetric } from "../catalog";
import { loadMetricSettings } from "../context";
import { evaluateMetric, type MetricResult } from "../engine";
import { parseInstant, type Interval } from "../period";

/** "Now" of every golden fixture: events up to it are accepted, outcome windows end before it. */
export const FIXTURE_NOW = new Date("2026-06-30T00:00:00Z");

type OrgSettings = Partial<typeof organizations.$inferInsert>;

/**
 * An organisation to send events to and read metrics from, as a merchant would: events go through
 * the real ingest (dedup, orders, refunds, identity), metrics through the catalog and the engine.
 */
export async function metricFixture(db: Executor, settings: OrgSettings = {}) {
  const org = await insertOrganization(db, { currency: "EUR", ...settings });
  return {
    org,
    async send(events: unknown[], now = FIXTURE_NOW) {
      const result = await ingestEvents(db, { id: org.id, currency: org.currency }, events, { now });
      if (result.rejected.length) throw new Error(`fixture events rejected: ${JSON.stringify(result.rejected)}`);
      return result;
    },
    async measure(
      key: string,
      from: string,
      to: string,
      options: { segment?: Segment; interval?: Interval; now?: Date; compare?: boolean; rollups?: boolean } = {},
    ): Promise<MetricResult> {
      const metric = getMetric(key);
      if (!metric) throw new Error(`no metric ${key}`);
      const fresh = await loadMetricSettings(db, org.id);
      const period = { from: parseInstant(from, fresh.timeZone), to: parseInstant(to, fresh.timeZone) };
      const ctx = { db, settings: fresh, now: options.now ?? FIXTURE_NOW, segment: options.segment ?? null, segmentAt: period.to, rollups: options.rollups };
      return evaluateMetric(ctx, metric, period, { interval: options.interval, compare: options.compare });
    },
  };
}

/** An event at 10:00 UTC on a day, or at an exact instant. */
export const on = (day: string, time = "10:00:00") => `${day}T${time}Z`;
