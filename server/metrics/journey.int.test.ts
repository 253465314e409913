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
const ev = (type: string, actor: string, day: string, properties: Record<string, unknown> = {}, time?: string) => ({
  type,
  ...(actor.startsWith("a") ? { anonymousId: actor } : { customerId: actor }),
  timestamp: on(day, time),
  properties,
});

describe("journey stages", () => {
  it("welcome calls: c1 booked 8 days after the first order, c2 after 20, c3 before it: 1 of 3 = 33.3333 %; June's c4 pending", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ev("order.placed", "c1", "2026-03-02", { orderId: "o1", total: 10 }),
      ev("onboarding.call_booked", "c1", "2026-03-10"),
      ev("order.placed", "c2", "2026-03-05", { orderId: "o2", total: 10 }),
      ev("onboarding.call_booked", "c2", "2026-03-25"),
      ev("order.placed", "c3", "2026-03-06", { orderId: "o3", total: 10 }),
      ev("onboarding.call_booked", "c3", "2026-03-01"),
      ev("order.placed", "c4", "2026-06-25", { orderId: "o4", total: 10 }),
    ]);
    expect((await f.measure("welcome_call_booking_rate", ...MARCH)).value).toBe(33.3333);
    expect(await f.measure("welcome_call_booking_rate", "2026-06-01", "2026-07-01")).toMatchObject({ value: null, breakdown: { pending: 1 } });
  });

  it("request response: first answers after 6, 24, 36 and 2 hours, one unanswered: median (6 + 24) / 2 = 15 hours", async () => {
    const f = await metricFixture(tdb.db);
    const req = (type: string, id: string, day: string, time: string) => ev(type, "c1", day, { requestId: id }, time);
    await f.send([
      req("request.created", "r1", "2026-03-01", "10:00:00"),
      req("request.responded", "r1", "2026-03-01", "16:00:00"),
      req("request.responded", "r1", "2026-03-02", "10:00:00"),
      req("request.created", "r2", "2026-03-02", "10:00:00"),
      req("request.responded", "r2", "2026-03-03", "10:00:00"),
      req("request.created", "r3", "2026-03-03", "10:00:00"),
      req("request.responded", "r3", "2026-03-04", "22:00:00"),
      req("request.created", "r4", "2026-03-04", "10:00:00"),
      req("request.created", "r5", "2026-03-05", "10:00:00"),
      req("request.responded", "r5", "2026-03-05", "12:00:00"),
      ev("deliverable.shared", "c1", "2026-03-01", { deliverableId: "d1" }),
      ev("deliverable.reviewed", "c1", "2026-03-03", { deliverableId: "d1" }),
    ]);
    expect(await f.measure("request_response_hours", ...MARCH)).toMatchObject({ value: 15, breakdown: { answered: 4, unanswered: 1 } });
    expect((await f.measure("deliverable_review_hours", ...MARCH)).value).toBe(48);
    expect((await f.measure("request_response_hours", "2026-04-01", "2026-05-01")).value).toBeNull();
  });

  it("portal logins: 6 by customers (the anonymous one aside) / 3 active customers / 2 weeks = 1", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ...[2, 3, 4, 5].map((d) => ev("portal.login", "c1", `2026-03-0${d}`)),
      ev("portal.login", "c2", "2026-03-03"),
      ev("portal.login", "c2", "2026-03-10"),
      ev("portal.login", "a1", "2026-03-10"),
      ev("page.viewed", "c3", "2026-03-11"),
      ev("portal.login", "c1", "2026-03-16"),
    ]);
    expect(await f.measure("portal_logins_per_week", "2026-03-02", "2026-03-16")).toMatchObject({ value: 1, breakdown: { logins: 6, activeCustomers: 3, weeks: 2 } });
  });
});
