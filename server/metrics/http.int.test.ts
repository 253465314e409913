import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { insertOrganizationWithKeys } from "@/db/testing/factories";
import { restHandler } from "@/server/http/handler";
import { handleEventsPost } from "@/server/ingest/http";
import { handleCatalogGet, handleCohortsGet, handleMetricsGet } from "./http";

// The route files are exactly these; server/ must not import app/.
const GET = restHandler(handleMetricsGet);
const CATALOG = restHandler(handleCatalogGet);
const POST = restHandler(handleEventsPost);
const COHORTS = restHandler(handleCohortsGet);

let tdb: TestDatabase;
let keys: Awaited<ReturnType<typeof insertOrganizationWithKeys>>;
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  keys = await insertOrganizationWithKeys(tdb.db);
});

const get = (query: string, key = keys.secretKey) =>
  GET(new Request(`http://localhost/api/v1/metrics?${query}`, { headers: { authorization: `Bearer ${key}` } }));
const error = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

describe("GET /api/v1/metrics", () => {
  it("answers metrics of events sent through the ingest API: 2 March orders of 40 and 60", async () => {
    const events = [
      { type: "order.placed", customerId: "c1", timestamp: "2026-03-02T10:00:00Z", properties: { orderId: "o1", total: 40 } },
      { type: "order.placed", customerId: "c2", timestamp: "2026-03-03T10:00:00Z", properties: { orderId: "o2", total: 60 } },
    ];
    const sent = await POST(new Request("http://localhost/api/v1/events", { method: "POST", headers: { authorization: `Bearer ${keys.ingestKey}` }, body: JSON.stringify(events) }));
    expect(sent.status).toBe(200);
    const response = await get("keys=orders,aov&from=2026-03-01&to=2026-04-01&interval=month");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { from: string; to: string; metrics: { key: string; value: number; previous: number | null; series: unknown[]; benchmark: null }[] };
    expect(body.from).toBe("2026-03-01T00:00:00.000Z");
    expect(body.metrics.map((m) => [m.key, m.value, m.previous])).toEqual([
      ["orders", 2, 0],
      ["aov", 50, null],
    ]);
    expect(body.metrics[0]!.series).toEqual([{ start: "2026-03-01T00:00:00.000Z", end: "2026-04-01T00:00:00.000Z", value: 2 }]);
    expect(body.metrics[0]!.benchmark).toBeNull();
  });

  it("names the problem: unknown keys, reversed period, bad dates, bad interval, malformed segment, unknown parameters", async () => {
    const cases: [string, string, RegExp][] = [
      ["keys=orders,nope,also_nope", "unknown_metric", /nope, also_nope/],
      ["from=2026-03-01", "missing_keys", /keys is required/],
      ["keys=orders&from=2026-04-01&to=2026-03-01", "invalid_period", /must be before/],
      ["keys=orders&from=March", "invalid_date", /ISO-8601/],
      ["keys=orders&interval=hour", "invalid_interval", /day, week or month/],
      ["keys=orders&from=2000-01-01&to=2026-01-01&interval=day", "too_many_points", /more than 400 points/],
      ["keys=orders&segment=%7Bnot", "invalid_segment", /must be JSON/],
      [`keys=orders&segment=${encodeURIComponent('{"loyalty":"gold"}')}`, "invalid_segment", /segment.loyalty/],
      [`keys=orders&segment=${encodeURIComponent('{"colour":"red"}')}`, "invalid_segment", /colour/],
      [`keys=orders&segment=${encodeURIComponent('{"cohort":"9999-12"}')}`, "invalid_segment", /1970-01/],
      [`keys=orders&segment=${encodeURIComponent('{"traits":{"__proto__":"x"}}')}`, "invalid_segment", /__proto__/],
      ["keys=orders&org=someone-else", "unknown_parameter", /org/],
      ["keys=orders&compare=maybe", "invalid_compare", /true/],
    ];
    for (const [query, code, message] of cases) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      const e = await error(response);
      expect(e.code, query).toBe(code);
      expect(e.message, query).toMatch(message);
    }
  });

  it("answers every metric of the catalog in one request", async () => {
    const catalog = (await (await CATALOG(new Request("http://localhost/api/v1/metrics/catalog", { headers: { authorization: `Bearer ${keys.secretKey}` } }))).json()) as { metrics: { key: string }[] };
    const all = catalog.metrics.map((m) => m.key);
    const response = await get(`keys=${all.join(",")}&from=2026-03-01&to=2026-04-01`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { metrics: { key: string }[] }).metrics.map((m) => m.key)).toEqual(all);
    const tooMany = await get(`keys=${[...all, "nope"].join(",")}`);
    expect(await error(tooMany)).toMatchObject({ code: "too_many_keys" });
  });

  it("cuts a huge period and says so", async () => {
    const response = await get("keys=orders&from=1900-01-01&to=2026-01-01");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { notice: string }).notice).toMatch(/longer than 3660 days/);
  });

  it("refuses an ingest key (403) and a missing key (401)", async () => {
    expect((await get("keys=orders", keys.ingestKey)).status).toBe(403);
    expect((await GET(new Request("http://localhost/api/v1/metrics?keys=orders"))).status).toBe(401);
  });
});

describe("GET /api/v1/metrics/catalog", () => {
  it("lists every metric with key, name, family, unit, direction and description", async () => {
    const response = await CATALOG(new Request("http://localhost/api/v1/metrics/catalog", { headers: { authorization: `Bearer ${keys.secretKey}` } }));
    expect(response.status).toBe(200);
    const { metrics } = (await response.json()) as { metrics: Record<string, string>[] };
    expect(metrics.find((m) => m.key === "revenue")).toMatchObject({ name: "Revenue", family: "value", unit: "money", direction: "higher" });
    for (const m of metrics) expect(Object.keys(m).sort()).toEqual(["description", "direction", "family", "key", "name", "unit"]);
  });
});

describe("GET /api/v1/cohorts", () => {
  it("answers the cohort table of api.md, and 400 for a reversed period", async () => {
    const events = [
      { type: "order.placed", customerId: "c1", timestamp: "2026-01-02T10:00:00Z", properties: { orderId: "o1", total: 40 } },
      { type: "order.placed", customerId: "c1", timestamp: "2026-02-03T10:00:00Z", properties: { orderId: "o2", total: 60 } },
    ];
    await POST(new Request("http://localhost/api/v1/events", { method: "POST", headers: { authorization: `Bearer ${keys.ingestKey}` }, body: JSON.stringify(events) }));
    const ask = (query: string) => COHORTS(new Request(`http://localhost/api/v1/cohorts?${query}`, { headers: { authorization: `Bearer ${keys.secretKey}` } }));
    const response = await ask("from=2026-01-01&to=2026-03-01");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { cohorts: unknown }).cohorts).toEqual([
      { cohort: "2026-01", size: 1, customers: [1, 1], retention: [1, 1], revenuePerCustomer: [40, 60] },
    ]);
    const reversed = await ask("from=2026-03-01&to=2026-01-01");
    expect(reversed.status).toBe(400);
    expect((await error(reversed)).code).toBe("invalid_period");
  });
});
