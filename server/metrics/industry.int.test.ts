import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { metricFixture, on } from "./testing/fixture";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const MARCH = ["2026-03-01", "2026-04-01"] as const;
const ev = (type: string, actor: string, day: string, time = "10:00:00", properties: Record<string, unknown> = {}) => ({
  type,
  ...(actor.startsWith("a") ? { anonymousId: actor } : { customerId: actor }),
  timestamp: on(day, time),
  properties,
});

describe("SaaS", () => {
  it("trial to paid: c1 (paid after 19 days) and c4 (29 days 23 h 59 min) of c1-c4 convert: 2 / 4 = 50 %; June's trial pending", async () => {
    const f = await metricFixture(tdb.db);
    const sub = (actor: string, day: string, mrr: number, time = "10:00:00") => ev("subscription.started", actor, day, time, { subscriptionId: `s-${actor}`, mrr });
    await f.send([
      ev("trial.started", "c1", "2026-03-01"),
      ev("trial.started", "c1", "2026-03-15"),
      sub("c1", "2026-03-20", 50),
      ev("trial.started", "c2", "2026-03-05"),
      sub("c2", "2026-03-06", 0),
      ev("trial.started", "c3", "2026-03-10"),
      sub("c3", "2026-04-10", 30),
      ev("trial.started", "c4", "2026-03-28"),
      sub("c4", "2026-04-27", 10, "09:59:00"),
      ev("trial.started", "a9", "2026-03-02"),
      ev("trial.started", "c5", "2026-06-20"),
    ]);
    expect(await f.measure("trial_to_paid_rate", ...MARCH)).toMatchObject({ value: 50, breakdown: { trials: 4, paid: 2, pending: 0 } });
    expect(await f.measure("trial_to_paid_rate", "2026-06-01", "2026-07-01")).toMatchObject({ value: null, breakdown: { pending: 1 } });
  });

  const ACTIVITY = [
    ev("page.viewed", "c1", "2026-03-30"),
    ev("page.viewed", "c1", "2026-04-01"),
    ev("feature.used", "c1", "2026-04-02", "10:00:00", { feature: "export" }),
    ev("page.viewed", "c2", "2026-04-02"),
    ev("page.viewed", "c3", "2026-04-03"),
    ev("page.viewed", "c3", "2026-04-04"),
    ev("portal.login", "c4", "2026-03-05"),
    // Neither counts: an anonymous visitor, and an event the merchant sent about c5.
    ev("page.viewed", "a1", "2026-04-01"),
    ev("email.sent", "c5", "2026-04-01", "10:00:00", { emailType: "marketing" }),
  ];

  it("1-4 April (days 1, 2, 3): dau (1 + 2 + 1) / 3 = 1.3333, wau (1 + 2 + 3) / 3 = 2, mau (2 + 3 + 4) / 3 = 3", async () => {
    const f = await metricFixture(tdb.db);
    await f.send(ACTIVITY);
    expect(await f.measure("dau", "2026-04-01", "2026-04-04")).toMatchObject({ value: 1.3333, breakdown: { days: 3 } });
    expect((await f.measure("wau", "2026-04-01", "2026-04-04")).value).toBe(2);
    expect((await f.measure("mau", "2026-04-01", "2026-04-04")).value).toBe(3);
  });

  it("days are local: in New York, c2's view at 2 April 03:00 UTC is on 1 April, so dau over 1-2 April is (2 + 0) / 2 = 1", async () => {
    const f = await metricFixture(tdb.db, { timeZone: "America/New_York" });
    await f.send([ev("page.viewed", "c1", "2026-04-01", "16:00:00"), ev("page.viewed", "c2", "2026-04-02", "03:00:00")]);
    expect(await f.measure("dau", "2026-04-01", "2026-04-03")).toMatchObject({ value: 1, breakdown: { days: 2 } });
  });

  it("a window never reads past `to`: over 1 April 00:00-12:00, c1's view at 10:00 counts and one at 13:00 would not", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([ev("page.viewed", "c1", "2026-04-01", "10:00:00"), ev("page.viewed", "c2", "2026-04-01", "13:00:00")]);
    expect(await f.measure("dau", "2026-04-01T00:00:00Z", "2026-04-01T12:00:00Z")).toMatchObject({ value: 1, breakdown: { days: 1 } });
  });

  it("feature adoption: c1, c2 used features of c1-c3 active: 66.6667 %; export 2 (66.6667 %), reports 1 (33.3333 %)", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ev("feature.used", "c1", "2026-03-02", "10:00:00", { feature: "export" }),
      ev("feature.used", "c1", "2026-03-03", "10:00:00", { feature: "export" }),
      ev("feature.used", "c1", "2026-03-04", "10:00:00", { feature: "reports" }),
      ev("feature.used", "c2", "2026-03-05", "10:00:00", { feature: "export" }),
      ev("page.viewed", "c3", "2026-03-06"),
      ev("feature.used", "a4", "2026-03-06", "10:00:00", { feature: "reports" }),
      ev("feature.used", "c9", "2026-04-06", "10:00:00", { feature: "reports" }),
    ]);
    expect(await f.measure("feature_adoption_rate", ...MARCH)).toMatchObject({
      value: 66.6667,
      breakdown: { users: 2, activeCustomers: 3, byFeature: { export: { customers: 2, rate: 66.6667 }, reports: { customers: 1, rate: 33.3333 } } },
    });
    expect((await f.measure("feature_adoption_rate", "2026-05-01", "2026-06-01")).value).toBeNull();
  });
});

describe("media", () => {
  it("watch minutes: (300 + 150 + 90) s / 60 = 9 min over viewers c1, a1 and c3 (no duration) = 3; the blog is not a video", async () => {
    const f = await metricFixture(tdb.db);
    const video = (actor: string, seconds?: number) =>
      ev("content.engaged", actor, "2026-03-10", "10:00:00", { contentType: "video", ...(seconds === undefined ? {} : { durationSeconds: seconds }) });
    await f.send([
      video("c1", 300),
      video("c1", 150),
      video("a1", 90),
      video("c3"),
      ev("content.engaged", "c2", "2026-03-10", "10:00:00", { contentType: "blog", durationSeconds: 600 }),
    ]);
    expect(await f.measure("avg_watch_minutes", ...MARCH)).toMatchObject({ value: 3, breakdown: { minutes: 9, viewers: 3 } });
  });

  it("shares 3 (one anonymous) and comments 2 in March; a segment keeps its customers' only", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ev("content.shared", "c1", "2026-03-10", "10:00:00", { contentType: "video" }),
      ev("content.shared", "c2", "2026-03-11", "10:00:00", { contentType: "blog" }),
      ev("content.shared", "a1", "2026-03-12", "10:00:00", { contentType: "blog" }),
      ev("content.shared", "c1", "2026-04-12", "10:00:00", { contentType: "blog" }),
      ev("content.commented", "c1", "2026-03-10", "10:00:00", { contentId: "x" }),
      ev("content.commented", "c2", "2026-03-10", "11:00:00", { contentId: "x" }),
      { type: "customer.identified", customerId: "c1", timestamp: on("2026-03-01"), properties: { traits: { country: "DE" } } },
    ]);
    expect((await f.measure("content_shares", ...MARCH)).value).toBe(3);
    expect((await f.measure("content_comments", ...MARCH)).value).toBe(2);
    expect((await f.measure("content_shares", ...MARCH, { segment: { traits: { country: "DE" } } })).value).toBe(1);
  });
});

describe("healthcare", () => {
  it("appointments: attended {ap1, ap3} of {ap1, ap2, ap3} = 66.6667 % (ap3 attended and missed counts once on each side)", async () => {
    const f = await metricFixture(tdb.db);
    const ap = (type: string, id: string, day = "2026-03-10") => ev(type, "c1", day, "10:00:00", { appointmentId: id });
    await f.send([
      ap("appointment.attended", "ap1"),
      ap("appointment.missed", "ap2"),
      ap("appointment.attended", "ap3"),
      ap("appointment.missed", "ap3", "2026-03-11"),
      ap("appointment.scheduled", "ap4"),
      ap("appointment.attended", "ap5", "2026-04-01"),
    ]);
    expect(await f.measure("appointment_adherence", ...MARCH)).toMatchObject({ value: 66.6667, breakdown: { attended: 2, appointments: 3 } });
  });

  it("doses: d1 (taken after 12 h) and d4 (8 h, across months) of d1-d4 = 50 %; d2 at exactly 24 h and d3 taken early do not count", async () => {
    const f = await metricFixture(tdb.db);
    const dose = (type: string, id: string, day: string, time: string) => ev(type, "c1", day, time, { doseId: id });
    await f.send([
      dose("medication.dose_scheduled", "d1", "2026-03-01", "08:00:00"),
      dose("medication.dose_taken", "d1", "2026-03-01", "20:00:00"),
      dose("medication.dose_scheduled", "d2", "2026-03-02", "08:00:00"),
      dose("medication.dose_taken", "d2", "2026-03-03", "08:00:00"),
      dose("medication.dose_scheduled", "d3", "2026-03-03", "08:00:00"),
      dose("medication.dose_taken", "d3", "2026-03-03", "07:00:00"),
      dose("medication.dose_scheduled", "d4", "2026-03-31", "22:00:00"),
      dose("medication.dose_taken", "d4", "2026-04-01", "06:00:00"),
      dose("medication.dose_scheduled", "d5", "2026-06-29", "12:00:00"),
    ]);
    expect(await f.measure("medication_adherence", ...MARCH)).toMatchObject({ value: 50, breakdown: { scheduled: 4, taken: 2, pending: 0 } });
    expect(await f.measure("medication_adherence", "2026-06-01", "2026-07-01")).toMatchObject({ value: null, breakdown: { pending: 1 } });
  });

  it("portal usage: c1 and c2 logged in of c1-c3 active (the anonymous login aside): 66.6667 %", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ev("portal.login", "c1", "2026-03-10"),
      ev("portal.login", "c2", "2026-03-11"),
      ev("page.viewed", "c3", "2026-03-12"),
      ev("portal.login", "a1", "2026-03-12"),
    ]);
    expect(await f.measure("patient_portal_usage", ...MARCH)).toMatchObject({ value: 66.6667, breakdown: { users: 2, activeCustomers: 3 } });
  });
});
