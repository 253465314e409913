import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { insertOrganizationWithKeys } from "@/db/testing/factories";
import { events } from "@/db/schema";
import { restHandler } from "@/server/http/handler";
import { handleEventsPost } from "./http";

// The route file is exactly this; server/ must not import app/.
const POST = restHandler(handleEventsPost, { cors: true });

let tdb: TestDatabase;
let keys: { ingestKey: string; secretKey: string };
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  keys = await insertOrganizationWithKeys(tdb.db);
});

const post = (body: string, headers: Record<string, string> = {}) =>
  POST(
    new Request("http://localhost/api/v1/events", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${keys.ingestKey}`, ...headers },
      body,
    }),
  );

describe("POST /api/v1/events", () => {
  it("answers 200 with accepted, duplicates and rejected, and an X-Request-Id", async () => {
    const response = await post(JSON.stringify({ batch: [{ id: "a", type: "page.viewed", anonymousId: "x" }, { type: "nope" }] }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(await response.json()).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ index: 1, code: "invalid_type" }] });
  });

  it("takes one event, an array, or a batch object", async () => {
    const one = { type: "page.viewed", anonymousId: "x" };
    for (const body of [one, [one, one], { batch: [one] }]) expect((await post(JSON.stringify(body))).status).toBe(200);
    expect(await tdb.db.$count(events)).toBe(4);
  });

  it("refuses a missing key (401), an unknown key (401) and a secret key (403)", async () => {
    const body = JSON.stringify({ type: "page.viewed", anonymousId: "x" });
    expect((await post(body, { authorization: "" })).status).toBe(401);
    expect((await post(body, { authorization: "Bearer ac_pub_doesnotexistdoesnotexist" })).status).toBe(401);
    const wrongKind = await post(body, { authorization: `Bearer ${keys.secretKey}` });
    expect(wrongKind.status).toBe(403);
    expect(await wrongKind.json()).toMatchObject({ error: { code: "wrong_key_kind" } });
  });

  it("lets a browser on any origin send with an ingest key (CORS), and never echoes an unsafe request id", async () => {
    const response = await post(JSON.stringify({ type: "page.viewed", anonymousId: "x" }), { "x-request-id": "bad id <script>" });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await post(JSON.stringify({ type: "page.viewed", anonymousId: "x" }), { "x-request-id": "client-123" });
    expect(echoed.headers.get("x-request-id")).toBe("client-123");
  });

  it("refuses 501 events with 413 and stores none of them", async () => {
    const batch = Array.from({ length: 501 }, () => ({ type: "page.viewed", anonymousId: "x" }));
    const response = await post(JSON.stringify({ batch }));
    expect(response.status).toBe(413);
    expect(await tdb.db.$count(events)).toBe(0);
  });
});
