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
const responded = (customerId: string, kind: string, day: string, score?: number, extra: Record<string, unknown> = {}) => ({
  type: "survey.responded",
  customerId,
  timestamp: on(day),
  properties: { kind, ...(score === undefined ? {} : { score }), ...extra },
});

describe("scores", () => {
  it("NPS of 10, 9, 8, 7, 6, 0, 10: 3 promoters - 2 detractors of 7 = 42.8571 - 28.5714 = 14.2857; February has none: null", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([10, 9, 8, 7, 6, 0, 10].map((score, i) => responded(`c${i}`, "nps", "2026-03-05", score)));
    const result = await f.measure("nps", ...MARCH);
    expect(result).toMatchObject({ value: 14.2857, previous: null, change: null });
    expect(result.breakdown).toEqual({
      responses: 7,
      promoters: { count: 3, percent: 42.8571 },
      passives: { count: 2, percent: 28.5714 },
      detractors: { count: 2, percent: 28.5714 },
    });
  });

  it("CES of 5, 7, 6 = 6; CSAT of 5, 4, 3, 1 = 2 satisfied of 4 = 50 %; DPP feedback 4 and 5 = 4.5", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      ...[5, 7, 6].map((s, i) => responded(`e${i}`, "ces", "2026-03-10", s)),
      ...[5, 4, 3, 1].map((s, i) => responded(`s${i}`, "csat", "2026-03-10", s)),
      ...[4, 5].map((s, i) => responded(`d${i}`, "dpp_feedback", "2026-03-10", s)),
      responded("late", "csat", "2026-04-01", 1, {}),
    ]);
    expect((await f.measure("ces", ...MARCH)).value).toBe(6);
    expect((await f.measure("csat", ...MARCH)).value).toBe(50);
    expect((await f.measure("dpp_feedback_score", ...MARCH)).value).toBe(4.5);
  });

  it("exit reasons: price 2, shipping 1, no reason 1, most frequent first", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      responded("a", "exit", "2026-03-02", undefined, { reason: "shipping" }),
      responded("b", "exit", "2026-03-03", undefined, { reason: "price" }),
      responded("c", "exit", "2026-03-04", undefined, { reason: "price" }),
      responded("d", "exit", "2026-03-05"),
    ]);
    const result = await f.measure("exit_survey_reasons", ...MARCH, { interval: "week" });
    expect(result).toMatchObject({ value: null, previous: null, series: null });
    expect(result.breakdown).toEqual({
      responses: 4,
      rows: [
        { reason: "price", count: 2, percent: 50 },
        { reason: "shipping", count: 1, percent: 25 },
        { reason: "unspecified", count: 1, percent: 25 },
      ],
    });
  });
});

describe("survey response rate", () => {
  it("6 sends, 3 answered (c1 in 4 days; c4's second send; anonymous a1), c2 too late, c3 the wrong kind, c4's first superseded: 50 %", async () => {
    const f = await metricFixture(tdb.db);
    const sent = (actor: Record<string, string>, kind: string, day: string) => ({ type: "survey.sent", ...actor, timestamp: on(day), properties: { kind } });
    await f.send([
      sent({ customerId: "c1" }, "nps", "2026-03-01"),
      responded("c1", "nps", "2026-03-05", 9),
      sent({ customerId: "c2" }, "nps", "2026-03-02"),
      responded("c2", "nps", "2026-03-20", 9),
      sent({ customerId: "c3" }, "csat", "2026-03-03"),
      responded("c3", "nps", "2026-03-04", 9),
      sent({ customerId: "c4" }, "nps", "2026-03-10"),
      sent({ customerId: "c4" }, "nps", "2026-03-12"),
      responded("c4", "nps", "2026-03-13", 9),
      sent({ anonymousId: "a1" }, "nps", "2026-03-15"),
      { type: "survey.responded", anonymousId: "a1", timestamp: on("2026-03-16"), properties: { kind: "nps", score: 3 } },
      sent({ customerId: "c5" }, "nps", "2026-06-25"),
    ]);
    const result = await f.measure("survey_response_rate", ...MARCH);
    expect(result.value).toBe(50);
    expect(result.breakdown).toMatchObject({ sent: 6, responded: 3, pending: 0, byKind: { nps: { sent: 5, responded: 3, rate: 60 }, csat: { sent: 1, responded: 0, rate: 0 } } });
    // The June send is 5 days old on 06-30: pending, so June has no case yet.
    const june = await f.measure("survey_response_rate", "2026-06-01", "2026-07-01");
    expect(june.value).toBeNull();
    expect(june.breakdown).toMatchObject({ pending: 1 });
  });
});

describe("survey response rate across an identity link", () => {
  it("a survey sent to anonymous a7 on 03-02 is answered on 03-06 by c7, whom a7 signed in as on 03-05: the same actor, answered; one sent to a8, never linked, answered by c8: not answered. 1 of 2 = 50 %", async () => {
    const f = await metricFixture(tdb.db);
    const sentTo = (anonymousId: string, day: string) => ({ type: "survey.sent", anonymousId, timestamp: on(day), properties: { kind: "nps" } });
    await f.send([sentTo("a7", "2026-03-02"), sentTo("a8", "2026-03-02")]);
    await f.send([
      { type: "page.viewed", anonymousId: "a7", customerId: "c7", timestamp: on("2026-03-05") },
      responded("c7", "nps", "2026-03-06", 9),
      responded("c8", "nps", "2026-03-06", 9),
    ]);
    expect((await f.measure("survey_response_rate", ...MARCH)).breakdown).toMatchObject({ sent: 2, responded: 1, pending: 0 });
  });
});

describe("survey response rate at the period's end", () => {
  it("c1 sent 31 March, answered 10 April: answered; c2 sent 31 March, sent again 2 April, answered 3 April: the March send is superseded; 1 of 2 = 50 %", async () => {
    const f = await metricFixture(tdb.db);
    const sent = (customerId: string, day: string) => ({ type: "survey.sent", customerId, timestamp: on(day), properties: { kind: "nps" } });
    await f.send([
      sent("c1", "2026-03-31"),
      responded("c1", "nps", "2026-04-10", 9),
      sent("c2", "2026-03-31"),
      sent("c2", "2026-04-02"),
      responded("c2", "nps", "2026-04-03", 9),
    ]);
    expect((await f.measure("survey_response_rate", ...MARCH)).breakdown).toMatchObject({ sent: 2, responded: 1, pending: 0 });
  });
});

describe("cohort retention", () => {
  const order = (customerId: string, orderId: string, day: string, total: number) => ({ type: "order.placed", customerId, timestamp: on(day), properties: { orderId, total } });

  it("Q1 cohorts: 2026-01 (c1, c2) ordered [2, 0, 1] = [1, 0, 0.5], revenue per customer [75, 0, 15]; 2026-02 (c3) [1, 0], revenue [30, -5]", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      order("c1", "o1", "2026-01-10", 100),
      order("c2", "o2", "2026-01-20", 50),
      order("c1", "o3", "2026-03-05", 30),
      order("c3", "o4", "2026-02-15", 20),
      order("c3", "o5", "2026-02-20", 10),
      { type: "order.refunded", customerId: "c3", timestamp: on("2026-03-02"), properties: { orderId: "o5", amount: 5 } },
      order("c9", "o9", "2025-12-31", 10),
    ]);
    const result = await f.measure("cohort_retention", "2026-01-01", "2026-04-01");
    expect(result.breakdown).toEqual({
      rows: [
        { cohort: "2026-01", size: 2, customers: [2, 0, 1], retention: [1, 0, 0.5], revenuePerCustomer: [75, 0, 15] },
        { cohort: "2026-02", size: 1, customers: [1, 0], retention: [1, 0], revenuePerCustomer: [30, -5] },
      ],
    });
  });

  it("to inside a month: [1 Jan, 15 Mar) has columns Jan-Mar, and March holds c1's order of 10 March (30) but not c2's of 20 March: [2, 0, 1], revenue [75, 0, 15]", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      order("c1", "o1", "2026-01-10", 100),
      order("c2", "o2", "2026-01-20", 50),
      order("c1", "o3", "2026-03-10", 30),
      order("c2", "o4", "2026-03-20", 40),
    ]);
    const result = await f.measure("cohort_retention", "2026-01-01", "2026-03-15");
    expect(result.breakdown).toEqual({ rows: [{ cohort: "2026-01", size: 2, customers: [2, 0, 1], retention: [1, 0, 0.5], revenuePerCustomer: [75, 0, 15] }] });
  });

  it("revenue per customer rounds an exact half cent away from zero: (10.01 + 0.10 + 0.20) / 2 = 5.155 -> 5.16, and -(0.01) / 2 = -0.005 -> -0.01", async () => {
    // As binary floats 10.31 / 2 is 5.154999..., which rounded to 5.15; refunds of a cent likewise.
    const f = await metricFixture(tdb.db);
    await f.send([
      order("c1", "o1", "2026-01-10", 10.01),
      order("c2", "o2", "2026-01-20", 0.1),
      order("c2", "o3", "2026-01-21", 0.2),
      { type: "order.refunded", customerId: "c1", timestamp: on("2026-02-02"), properties: { orderId: "o1", amount: 0.01 } },
    ]);
    const result = await f.measure("cohort_retention", "2026-01-01", "2026-03-01");
    expect(result.breakdown).toEqual({ rows: [{ cohort: "2026-01", size: 2, customers: [2, 0], retention: [1, 0], revenuePerCustomer: [5.16, -0.01] }] });
  });
});

describe("NPS groups per bucket and the latest comments", () => {
  it("the series carries each week's groups: week of 2 Mar 10, 0 -> 50/0/50; week of 9 Mar 8 -> 0/100/0; the rest null", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([responded("a", "nps", "2026-03-03", 10), responded("b", "nps", "2026-03-04", 0), responded("c", "nps", "2026-03-10", 8)]);
    const result = await f.measure("nps", "2026-03-02", "2026-03-23", { interval: "week" });
    expect(result.series?.map((p) => p.value)).toEqual([0, 0, null]);
    expect(result.series?.map((p) => [p.breakdown?.promoters, p.breakdown?.passives, p.breakdown?.detractors])).toEqual([
      [{ count: 1, percent: 50 }, { count: 0, percent: 0 }, { count: 1, percent: 50 }],
      [{ count: 0, percent: 0 }, { count: 1, percent: 100 }, { count: 0, percent: 0 }],
      [{ count: 0, percent: null }, { count: 0, percent: null }, { count: 0, percent: null }],
    ]);
    // Other metrics keep their series small: value only.
    expect((await f.measure("csat", "2026-03-02", "2026-03-23", { interval: "week" })).series?.[0]).not.toHaveProperty("breakdown");
  });

  it("comments: newest first, in the period only, blank ones left out, the segment applied, at most `limit`", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([
      responded("m1", "nps", "2026-03-05", 9, { comment: "Great repair service" }),
      responded("m2", "ces", "2026-03-06", 6, { comment: "   " }),
      responded("m3", "exit", "2026-03-07", undefined, { reason: "price", comment: "Too dear" }),
      responded("m4", "csat", "2026-04-02", 5, { comment: "April, outside the period" }),
      { type: "loyalty.enrolled", customerId: "m1", timestamp: on("2026-02-01") },
    ]);
    const { readComments } = await import("./service");
    const march = { from: "2026-03-01", to: "2026-04-01" };
    const all = await readComments(tdb.db, f.org.id, { ...march, limit: 10 }, new Date("2026-06-30T00:00:00Z"));
    expect(all.comments.map((c) => [c.customerId, c.kind, c.score, c.reason, c.comment])).toEqual([
      ["m3", "exit", null, "price", "Too dear"],
      ["m1", "nps", 9, null, "Great repair service"],
    ]);
    const members = await readComments(tdb.db, f.org.id, { ...march, limit: 10, segment: { loyalty: "member" } }, new Date("2026-06-30T00:00:00Z"));
    expect(members.comments.map((c) => c.customerId)).toEqual(["m1"]);
    const one = await readComments(tdb.db, f.org.id, { ...march, limit: 1 }, new Date("2026-06-30T00:00:00Z"));
    expect(one.comments).toHaveLength(1);
  });
});

describe("a read of several metrics", () => {
  it("answers the same side by side (a database) and in turn (inside a caller's transaction): NPS 0, CES 6, CSAT 100", async () => {
    const f = await metricFixture(tdb.db);
    await f.send([responded("a", "nps", "2026-03-03", 10), responded("b", "nps", "2026-03-04", 0), responded("c", "ces", "2026-03-05", 6), responded("d", "csat", "2026-03-06", 5)]);
    const { readMetrics } = await import("./service");
    const read = { keys: ["nps", "ces", "csat"], from: "2026-03-01", to: "2026-04-01", interval: "week" as const };
    const parallel = await readMetrics(tdb.db, f.org.id, read, new Date("2026-06-30T00:00:00Z"));
    const inTurn = await tdb.db.transaction((tx) => readMetrics(tx, f.org.id, read, new Date("2026-06-30T00:00:00Z")));
    expect(parallel.metrics.map((m) => m.value)).toEqual([0, 6, 100]);
    expect(inTurn).toEqual(parallel);
  });
});
