import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { insertOrganizationWithKeys } from "@/db/testing/factories";
import { customers, eventMessageIds, events, identityLinks, orders, surveyResponses } from "@/db/schema";
import { restHandler } from "@/server/http/handler";
import { handleEventsPost } from "@/server/ingest/http";

// What app/api/v1/events/route.ts exports (server/ may not import app/).
const POST = restHandler(handleEventsPost);

// The malformed-input corpus of POST /api/v1/events. Every row is one bad input and what it must
// get: a 4xx with a documented code, or a 200 that lists the event under `rejected`. Never a 5xx,
// and nothing of a rejected event in the database.

type Row = {
  name: string;
  body: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
} & ({ status: 400 | 401 | 413 | 415; code: string } | { status: 200; rejected: string[]; accepted?: number });

const visitor = { type: "page.viewed", anonymousId: "visitor-1" };
const event = (fields: Record<string, unknown>) => JSON.stringify({ ...visitor, ...fields });
const order = (properties: Record<string, unknown>) => JSON.stringify({ type: "order.placed", customerId: "c-1", properties });
const nested = (levels: number) => {
  let value: unknown = "bottom";
  for (let i = 0; i < levels; i++) value = { level: value };
  return value;
};
const inTwoHours = new Date(Date.now() + 2 * 60 * 60 * 1000).toISOString();
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p)))));

const requestLevel: Row[] = [
  { name: "a body that is not JSON is a 400 invalid_json", body: "type=page.viewed&anonymousId=x", status: 400, code: "invalid_json" },
  { name: "truncated JSON is a 400 invalid_json", body: '{"type": "page.viewed", "anonymousId": "x"', status: 400, code: "invalid_json" },
  { name: "an empty body is a 400 invalid_json", body: "", status: 400, code: "invalid_json" },
  {
    name: "a form-encoded body is a 415 unsupported_media_type",
    body: "type=page.viewed",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    status: 415,
    code: "unsupported_media_type",
  },
  { name: "JSON sent as XML is a 415", body: event({}), headers: { "content-type": "application/xml" }, status: 415, code: "unsupported_media_type" },
  { name: "a missing content type is a 415", body: event({}), headers: { "content-type": "" }, status: 415, code: "unsupported_media_type" },
  { name: "a JSON string is a 400 invalid_shape", body: '"page.viewed"', status: 400, code: "invalid_shape" },
  { name: "a JSON number is a 400 invalid_shape", body: "42", status: 400, code: "invalid_shape" },
  { name: "JSON null is a 400 invalid_shape", body: "null", status: 400, code: "invalid_shape" },
  { name: "JSON true is a 400 invalid_shape", body: "true", status: 400, code: "invalid_shape" },
  { name: "a batch that is a string is a 400 invalid_shape", body: '{"batch": "events"}', status: 400, code: "invalid_shape" },
  { name: "a batch that is an object is a 400 invalid_shape", body: JSON.stringify({ batch: visitor }), status: 400, code: "invalid_shape" },
  { name: "a batch that is null is a 400 invalid_shape", body: '{"batch": null}', status: 400, code: "invalid_shape" },
  { name: "an empty array is a 400 empty_batch", body: "[]", status: 400, code: "empty_batch" },
  { name: "an empty batch object is a 400 empty_batch", body: '{"batch": []}', status: 400, code: "empty_batch" },
  {
    name: "501 events are a 413 too_many_events",
    body: JSON.stringify({ batch: Array.from({ length: 501 }, () => visitor) }),
    status: 413,
    code: "too_many_events",
  },
  {
    name: "a 600 KB body is a 413 payload_too_large",
    body: event({ properties: { blob: "x".repeat(600 * 1024) } }),
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "a Content-Length over 512 KB is a 413 before the body is read",
    body: event({}),
    headers: { "content-length": String(10 * 1024 * 1024) },
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "invalid UTF-8 bytes (0xFF 0xFE) are a 400 invalid_utf8",
    body: bytes('{"type": "page.viewed", "anonymousId": "', [0xff, 0xfe], '"}'),
    status: 400,
    code: "invalid_utf8",
  },
  {
    name: "an overlong UTF-8 encoding of '/' is a 400 invalid_utf8",
    body: bytes('{"type": "page.viewed", "anonymousId": "', [0xc0, 0xaf], '"}'),
    status: 400,
    code: "invalid_utf8",
  },
  {
    name: "a UTF-8 sequence cut off at the end of the body is a 400 invalid_utf8",
    body: bytes('{"type": "page.viewed", "anonymousId": "x"}', [0xe2, 0x82]),
    status: 400,
    code: "invalid_utf8",
  },
  { name: "a Bearer header without a key is a 401 missing_api_key", body: event({}), headers: { authorization: "Bearer" }, status: 401, code: "missing_api_key" },
  { name: "an unknown authorization scheme is a 401 missing_api_key", body: event({}), headers: { authorization: "Token abc" }, status: 401, code: "missing_api_key" },
  { name: "Basic auth whose credentials are not base64 is a 401 missing_api_key", body: event({}), headers: { authorization: "Basic %%%***" }, status: 401, code: "missing_api_key" },
  {
    name: "Basic auth with an unknown key as user name is a 401 invalid_api_key",
    body: event({}),
    headers: { authorization: `Basic ${Buffer.from("ac_pub_unknownunknownunknown:").toString("base64")}` },
    status: 401,
    code: "invalid_api_key",
  },
];

const rejected = (name: string, body: string, ...codes: string[]): Row => ({ name, body, status: 200, rejected: codes });

const perEvent: Row[] = [
  rejected("an event that is a string is rejected as invalid_event", '["page.viewed"]', "invalid_event"),
  rejected("an event that is null is rejected as invalid_event", "[null]", "invalid_event"),
  rejected("an event that is an array is rejected as invalid_event", "[[]]", "invalid_event"),
  rejected("200,000 levels of nested arrays are one invalid_event, not a crash", "[".repeat(200_000) + "]".repeat(200_000), "invalid_event"),
  rejected("an event without type is rejected as invalid_type", JSON.stringify({ anonymousId: "x" }), "invalid_type"),
  rejected("a numeric type is rejected as invalid_type", event({ type: 12 }), "invalid_type"),
  rejected("a Segment-style track name as type is rejected as invalid_type", event({ type: "Order Completed" }), "invalid_type"),
  rejected("a type of 129 characters is rejected as invalid_type", event({ type: `a.${"b".repeat(127)}` }), "invalid_type"),
  rejected("an object as id is rejected as invalid_field", event({ id: { value: 1 } }), "invalid_field"),
  rejected("a boolean id is rejected as invalid_field", event({ id: true }), "invalid_field"),
  rejected("an empty id is rejected as invalid_field", event({ id: "" }), "invalid_field"),
  rejected("an id of 129 characters is rejected as invalid_field", event({ id: "i".repeat(129) }), "invalid_field"),
  rejected("a fractional id is rejected as invalid_field", event({ id: 1.5 }), "invalid_field"),
  rejected("an array as customerId is rejected as invalid_field", event({ customerId: ["c-1"] }), "invalid_field"),
  rejected("a boolean anonymousId is rejected as invalid_field", JSON.stringify({ type: "page.viewed", anonymousId: false }), "invalid_field"),
  rejected("an object as sessionId is rejected as invalid_field", event({ sessionId: {} }), "invalid_field"),
  rejected("an event without customerId or anonymousId is rejected as missing_identity", JSON.stringify({ type: "page.viewed" }), "missing_identity"),
  rejected(
    "customer.identified without customerId is rejected as missing_identity",
    JSON.stringify({ type: "customer.identified", anonymousId: "x", properties: { traits: {} } }),
    "missing_identity",
  ),
  rejected("a timestamp without offset is rejected as invalid_timestamp", event({ timestamp: "2026-03-02T10:15:00" }), "invalid_timestamp"),
  rejected("a timestamp of month 13, day 45 is rejected as invalid_timestamp", event({ timestamp: "2026-13-45T10:00:00Z" }), "invalid_timestamp"),
  rejected("30 February is rejected as invalid_timestamp, not rolled into March", event({ timestamp: "2026-02-30T10:00:00Z" }), "invalid_timestamp"),
  rejected("a timestamp before 1970 is rejected as invalid_timestamp", event({ timestamp: "1969-12-31T23:59:59Z" }), "invalid_timestamp"),
  rejected("an epoch number as timestamp is rejected as invalid_timestamp", event({ timestamp: 1_767_225_600_000 }), "invalid_timestamp"),
  rejected("a timestamp two hours ahead is rejected as future_timestamp", event({ timestamp: inTwoHours }), "future_timestamp"),
  rejected("properties that are an array are rejected as invalid_properties", event({ properties: [1, 2] }), "invalid_properties"),
  rejected("properties that are a string are rejected as invalid_properties", event({ properties: "path=/" }), "invalid_properties"),
  rejected("order.placed without orderId is rejected as missing_property", order({ total: 10 }), "missing_property"),
  rejected("order.placed without total is rejected as missing_property", order({ orderId: "o-1" }), "missing_property"),
  rejected("a negative order total is rejected as invalid_property", order({ orderId: "o-1", total: -5 }), "invalid_property"),
  rejected("an order total sent as a string is rejected as invalid_property", order({ orderId: "o-1", total: "49.90" }), "invalid_property"),
  rejected("a negative subscription mrr is rejected as invalid_property", JSON.stringify({ type: "subscription.started", customerId: "c-1", properties: { subscriptionId: "s-1", mrr: -1 } }), "invalid_property"),
  rejected("an NPS score of 11 is rejected as invalid_property", JSON.stringify({ type: "survey.responded", customerId: "c-1", properties: { kind: "nps", score: 11 } }), "invalid_property"),
  rejected("the currency XYZ is rejected as unknown_currency", order({ orderId: "o-1", total: 10, currency: "XYZ" }), "unknown_currency"),
  rejected("the currency \"eu\" is rejected as invalid_property (not three letters)", order({ orderId: "o-1", total: 10, currency: "eu" }), "invalid_property"),
  rejected("a numeric currency is rejected as invalid_property", order({ orderId: "o-1", total: 10, currency: 12 }), "invalid_property"),
  rejected("a 40 KB property makes the event event_too_large", event({ properties: { blob: "x".repeat(40 * 1024) } }), "event_too_large"),
  rejected("200 levels of nested properties are rejected as too_deep", event({ properties: { deep: nested(200) } }), "too_deep"),
  rejected("a top-level __proto__ key is rejected as forbidden_key", '{"type": "page.viewed", "anonymousId": "x", "__proto__": {"polluted": "yes"}}', "forbidden_key"),
  rejected("a nested __proto__ key is rejected as forbidden_key", '{"type": "page.viewed", "anonymousId": "x", "properties": {"a": {"__proto__": {"polluted": "yes"}}}}', "forbidden_key"),
  rejected("a __proto__ key in traits is rejected as forbidden_key", '{"type": "customer.identified", "customerId": "c-1", "properties": {"traits": {"__proto__": {"isAdmin": true}}}}', "forbidden_key"),
  rejected("a top-level constructor key is rejected as forbidden_key", '{"type": "page.viewed", "anonymousId": "x", "constructor": {"prototype": {"polluted": "yes"}}}', "forbidden_key"),
  rejected("a nested prototype key is rejected as forbidden_key", '{"type": "page.viewed", "anonymousId": "x", "properties": {"prototype": {"polluted": "yes"}}}', "forbidden_key"),
  rejected("a NUL character in a property is rejected as invalid_text", event({ properties: { path: "/a\u0000b" } }), "invalid_text"),
  rejected("a NUL character in a property name is rejected as invalid_text", event({ properties: { "a\u0000": 1 } }), "invalid_text"),
  rejected("a lone surrogate escape in a property is rejected as invalid_text", '{"type": "page.viewed", "anonymousId": "x", "properties": {"path": "\\ud800"}}', "invalid_text"),
  rejected("a lone surrogate escape in anonymousId is rejected as invalid_text", '{"type": "page.viewed", "anonymousId": "\\udc00x"}', "invalid_text"),
  {
    name: "a __proto__ key beside the batch is ignored and the batch is stored",
    body: JSON.stringify({ batch: [visitor] }).replace("{", '{"__proto__": {"polluted": "yes"}, '),
    status: 200,
    rejected: [],
    accepted: 1,
  },
  {
    name: "a batch mixing valid and invalid events stores the valid ones and names the others by index",
    body: JSON.stringify([
      visitor,
      { type: "Page Viewed", anonymousId: "x" },
      { type: "order.placed", customerId: "c-1", properties: { orderId: "o-1", total: 49.9, currency: "eur" } },
      { type: "order.placed", customerId: "c-1", properties: { orderId: "o-2" } },
      { ...visitor, timestamp: inTwoHours },
      { ...visitor, properties: { blob: "x".repeat(40 * 1024) } },
    ]),
    status: 200,
    rejected: ["invalid_type", "missing_property", "future_timestamp", "event_too_large"],
    accepted: 2,
  },
];

let tdb: TestDatabase;
let ingestKey: string;
let orgId: string;
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
});
afterAll(async () => tdb.close());
// A fresh organisation per row isolates the counts below, and is much cheaper than truncating.
beforeEach(async () => {
  const created = await insertOrganizationWithKeys(tdb.db);
  ({ ingestKey } = created);
  orgId = created.org.id;
});

async function send(row: Row): Promise<Response> {
  return POST(
    new Request("http://localhost/api/v1/events", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ingestKey}`, ...row.headers },
      body: row.body,
    }),
  );
}

/** The current organisation's rows in every table an event can write to. */
async function storedRows() {
  const db = tdb.db;
  const [eventRows, messageIds, orderRows, customerRows, links, responses] = await Promise.all([
    db.$count(events, eq(events.orgId, orgId)),
    db.$count(eventMessageIds, eq(eventMessageIds.orgId, orgId)),
    db.$count(orders, eq(orders.orgId, orgId)),
    db.$count(customers, eq(customers.orgId, orgId)),
    db.$count(identityLinks, eq(identityLinks.orgId, orgId)),
    db.$count(surveyResponses, eq(surveyResponses.orgId, orgId)),
  ]);
  return { eventRows, other: messageIds + orderRows + customerRows + links + responses };
}

/** A sentence a person can act on, not just the code again. */
function expectReadable({ code, message }: { code: string; message: string }) {
  expect(message).not.toContain(code);
  expect(message.length).toBeGreaterThan(15);
}

describe("POST /api/v1/events refuses malformed requests as a whole", () => {
  for (const row of requestLevel) it(row.name, async () => {
    const response = await send(row);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const body = (await response.json()) as { error: { code: string; message: string; details: unknown } };
    expect({ status: response.status, code: body.error.code }).toEqual({ status: row.status, code: "code" in row ? row.code : null });
    expectReadable(body.error);
    expect(await storedRows()).toEqual({ eventRows: 0, other: 0 });
  });
});

describe("POST /api/v1/events rejects malformed events one by one", () => {
  for (const row of perEvent) it(row.name, async () => {
    if (row.status !== 200) throw new Error("per-event rows answer 200");
    const response = await send(row);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { accepted: number; duplicates: number; rejected: { index: number; code: string; message: string }[] };
    expect(answer.rejected.map((r) => r.code)).toEqual(row.rejected);
    for (const r of answer.rejected) expectReadable(r);
    const accepted = row.accepted ?? 0;
    expect(answer.accepted).toBe(accepted);
    expect((await storedRows()).eventRows).toBe(accepted);
    if (accepted === 0) expect((await storedRows()).other).toBe(0);
  });

  it("names the rejected events of a mixed batch by their index", async () => {
    const mixed = perEvent.at(-1)!;
    const answer = (await (await send(mixed)).json()) as { rejected: { index: number }[] };
    expect(answer.rejected.map((r) => r.index)).toEqual([1, 3, 4, 5]);
    expect(await tdb.db.$count(orders, eq(orders.orgId, orgId))).toBe(1);
  });
});

describe("after the whole corpus", () => {
  it("left Object.prototype untouched: JSON.parse makes __proto__ an own key, and nothing merged it", () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
  });
});
