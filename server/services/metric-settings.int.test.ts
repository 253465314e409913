import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganizationWithRoles } from "@/db/testing/factories";
import { ingestEvents } from "@/server/ingest/store";
import { callerFor } from "@/server/testing/caller";
import { failure, outcome } from "@/server/testing/outcomes";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const SETTINGS = {
  churnWindowDays: 90,
  abandonmentWindowHours: 48,
  checkoutSteps: ["cart", "shipping", "payment"],
  supportContactCost: 4.5,
  clvLifespanYears: 3,
  controlVariant: "A",
};

describe("metric settings", () => {
  it("an admin changes them; members read them; the change is audited with before and after", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const admin = callerFor(tdb.db, members.admin);
    expect(await admin.metricSettings.get({ orgSlug: org.slug })).toEqual({
      currency: "EUR",
      churnWindowDays: 180,
      abandonmentWindowHours: 24,
      checkoutSteps: ["cart", "information", "shipping", "payment", "review"],
      supportContactCost: null,
      clvLifespanYears: null,
      controlVariant: null,
    });
    await admin.metricSettings.update({ orgSlug: org.slug, ...SETTINGS, checkoutSteps: [" Cart ", "shipping", "payment"] });
    expect(await callerFor(tdb.db, members.viewer).metricSettings.get({ orgSlug: org.slug })).toEqual({ currency: "EUR", ...SETTINGS });
    const log = await admin.audit.list({ orgSlug: org.slug, action: "organization.metric_settings_updated" });
    expect(log.items[0]).toMatchObject({ before: { churnWindowDays: 180, supportContactCost: null }, after: { churnWindowDays: 90, supportContactCost: 4.5 } });
  });

  it("refuses analysts and viewers", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    for (const role of ["analyst", "viewer"] as const) {
      expect(await outcome(callerFor(tdb.db, members[role]).metricSettings.update({ orgSlug: org.slug, ...SETTINGS }))).toBe("FORBIDDEN");
    }
  });

  it.each([
    [{ churnWindowDays: 0 }, "at least 1 day"],
    [{ churnWindowDays: 7.5 }, "whole days"],
    [{ abandonmentWindowHours: 1000 }, "at most 720 hours"],
    [{ checkoutSteps: [] }, "at least one checkout step"],
    [{ checkoutSteps: ["cart", "Cart"] }, "once"],
    [{ checkoutSteps: ["pay now"] }, "lower-case letters"],
    [{ supportContactCost: -1 }, "cannot be negative"],
    [{ clvLifespanYears: 0 }, "at least 0.1 years"],
  ])("refuses %j with a message naming the rule", async (change, message) => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const error = await failure(callerFor(tdb.db, members.admin).metricSettings.update({ orgSlug: org.slug, ...SETTINGS, ...change }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(message);
  });

  it("the abandonment window reaches the metrics at once: a checkout completed after 30 h is abandoned at 24 h, kept at 48 h", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    await ingestEvents(tdb.db, { id: org.id, currency: org.currency }, [
      { type: "checkout.started", customerId: "c1", timestamp: "2026-03-02T10:00:00Z", properties: { checkoutId: "k1" } },
      { type: "checkout.completed", customerId: "c1", timestamp: "2026-03-03T16:00:00Z", properties: { checkoutId: "k1" } },
    ]);
    const admin = callerFor(tdb.db, members.admin);
    const rate = async () =>
      (await admin.metric.summary({ orgSlug: org.slug, keys: ["checkout_abandonment_rate"], from: "2026-03-01", to: "2026-04-01" })).metrics[0]!.value;
    expect(await rate()).toBe(100);
    await admin.metricSettings.update({ orgSlug: org.slug, ...SETTINGS });
    expect(await rate()).toBe(0);
  });
});

describe("exchange rates", () => {
  it("sets, replaces, lists and deletes rates; revenue converts with the rate in force on the order's day", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const admin = callerFor(tdb.db, members.admin);
    await ingestEvents(tdb.db, { id: org.id, currency: org.currency }, [
      { type: "order.placed", customerId: "c1", timestamp: "2026-03-10T10:00:00Z", properties: { orderId: "o1", total: 100, currency: "USD" } },
    ]);
    const revenue = async () =>
      (await admin.metric.summary({ orgSlug: org.slug, keys: ["revenue"], from: "2026-03-01", to: "2026-04-01" })).metrics[0]!;
    // No USD rate yet: the order is left out of revenue and counted as unconverted.
    expect(await revenue()).toMatchObject({ value: 0, breakdown: { unconverted: 1 } });

    await admin.metricSettings.setRate({ orgSlug: org.slug, currency: "usd", effectiveOn: "2026-01-01", rate: 0.8 });
    await admin.metricSettings.setRate({ orgSlug: org.slug, currency: "USD", effectiveOn: "2026-03-01", rate: 0.9 });
    await admin.metricSettings.setRate({ orgSlug: org.slug, currency: "USD", effectiveOn: "2026-03-01", rate: 0.92 });
    await admin.metricSettings.setRate({ orgSlug: org.slug, currency: "GBP", effectiveOn: "2026-03-01", rate: 1.17 });
    expect(await admin.metricSettings.rates({ orgSlug: org.slug })).toEqual([
      { currency: "GBP", effectiveOn: "2026-03-01", rate: 1.17 },
      { currency: "USD", effectiveOn: "2026-01-01", rate: 0.8 },
      { currency: "USD", effectiveOn: "2026-03-01", rate: 0.92 },
    ]);
    expect((await revenue()).value).toBe(92);

    await admin.metricSettings.deleteRate({ orgSlug: org.slug, currency: "USD", effectiveOn: "2026-03-01" });
    expect((await revenue()).value).toBe(80);
    expect(await outcome(admin.metricSettings.deleteRate({ orgSlug: org.slug, currency: "USD", effectiveOn: "2026-03-01" }))).toBe("NOT_FOUND");

    const log = await admin.audit.list({ orgSlug: org.slug, action: "exchange_rate.set" });
    expect(log.items.find((e) => e.targetId === "USD@2026-03-01" && e.before !== null)).toMatchObject({ before: { rate: 0.9 }, after: { rate: 0.92 } });
  });

  it.each([
    [{ currency: "EUR" }, "own currency"],
    [{ currency: "XYZ" }, "ISO-4217"],
    [{ effectiveOn: "2026-02-30" }, "does not exist"],
    [{ effectiveOn: "March 1" }, "2026-01-31"],
    [{ rate: 0 }, "above 0"],
  ])("refuses %j", async (change, message) => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const error = await failure(
      callerFor(tdb.db, members.admin).metricSettings.setRate({ orgSlug: org.slug, currency: "USD", effectiveOn: "2026-03-01", rate: 0.9, ...change }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(message);
  });
});
