import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { connect } from "node:net";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { insertApiKey, insertOrganizationWithKeys } from "@/db/testing/factories";
import { events } from "@/db/schema";

// Limits are read from the environment once, when lib/env.ts is imported. Each "app instance" below
// is therefore a fresh module graph (vi.resetModules + dynamic import) under stubbed variables: two
// instances share nothing in memory, as two servers would not, but they share the test database.
const PER_SECOND = 1;
// The window is ten seconds, so the budget is ten requests (server/http/rate-limit.ts).
const BUDGET = PER_SECOND * 10;
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

type Instance = { post: (key: string) => Promise<Response>; close: () => Promise<void> };
const instances: Instance[] = [];

async function startInstance(store: "memory" | "database" | "redis"): Promise<Instance> {
  vi.stubEnv("RATE_LIMIT_STORE", store);
  vi.stubEnv("RATE_LIMIT_INGEST_PER_SECOND", String(PER_SECOND));
  vi.stubEnv("REDIS_URL", REDIS_URL);
  vi.resetModules();
  // The composition of app/api/v1/events/route.ts (server/ may not import app/).
  const { restHandler } = await import("@/server/http/handler");
  const { handleEventsPost } = await import("@/server/ingest/http");
  const { closeRateLimiters } = await import("@/server/http/rate-limit");
  const POST = restHandler(handleEventsPost);
  const instance: Instance = {
    post: (key) =>
      POST(
        new Request("http://localhost/api/v1/events", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({ type: "page.viewed", anonymousId: "visitor-1" }),
        }),
      ),
    close: closeRateLimiters,
  };
  instances.push(instance);
  return instance;
}

/** Sends `count` requests, alternating between the instances, and returns the statuses in order. */
async function sendAlternating(targets: Instance[], key: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await targets[i % targets.length]!.post(key)).status);
  return statuses;
}

function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379), timeout: 1000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

let tdb: TestDatabase;
let keys: { ingestKey: string; orgId: string };
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  const created = await insertOrganizationWithKeys(tdb.db);
  keys = { ingestKey: created.ingestKey, orgId: created.org.id };
});
afterEach(async () => {
  await Promise.all(instances.splice(0).map((i) => i.close()));
  vi.unstubAllEnvs();
});

describe("rate limits on the REST API", () => {
  it("answers 429 with Retry-After and a readable message once a key has spent its budget, and stores nothing for it", async () => {
    const app = await startInstance("memory");
    expect(await sendAlternating([app], keys.ingestKey, BUDGET)).toEqual(Array(BUDGET).fill(200));

    const limited = await app.post(keys.ingestKey);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(limited.headers.get("x-request-id")).toBeTruthy();
    const body = (await limited.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toContain(`retry in ${retryAfter} s`);
    expect(await tdb.db.$count(events)).toBe(BUDGET);
  });

  it("keeps one budget per key: another key of the same organisation, and another organisation's key, still pass", async () => {
    const app = await startInstance("memory");
    const sameOrgKey = await insertApiKey(tdb.db, keys.orgId, "ingest", `ac_pub_second${crypto.randomUUID().replaceAll("-", "")}`);
    const otherOrg = await insertOrganizationWithKeys(tdb.db);
    await sendAlternating([app], keys.ingestKey, BUDGET);
    expect((await app.post(keys.ingestKey)).status).toBe(429);

    expect((await app.post(sameOrgKey)).status).toBe(200);
    expect((await app.post(otherOrg.ingestKey)).status).toBe(200);
  });

  it("gives each instance its own budget with the memory store (why the shared stores exist)", async () => {
    const first = await startInstance("memory");
    const second = await startInstance("memory");
    expect(await sendAlternating([first, second], keys.ingestKey, 2 * BUDGET)).toEqual(Array(2 * BUDGET).fill(200));
  });

  it("shares one budget between two instances with the database store", async () => {
    const first = await startInstance("database");
    const second = await startInstance("database");
    expect(await sendAlternating([first, second], keys.ingestKey, BUDGET)).toEqual(Array(BUDGET).fill(200));
    expect((await first.post(keys.ingestKey)).status).toBe(429);
    expect((await second.post(keys.ingestKey)).status).toBe(429);
  });

  it("shares one budget between two instances with the Redis store", async (ctx) => {
    ctx.skip(!(await redisReachable(REDIS_URL)), `Redis is not reachable at ${REDIS_URL} (CI runs it; start redis-server to run this test)`);
    const first = await startInstance("redis");
    const second = await startInstance("redis");
    // Key ids are random per test, so counters left in Redis by earlier runs cannot interfere.
    expect(await sendAlternating([first, second], keys.ingestKey, BUDGET)).toEqual(Array(BUDGET).fill(200));
    expect((await first.post(keys.ingestKey)).status).toBe(429);
    expect((await second.post(keys.ingestKey)).status).toBe(429);
  });
});
