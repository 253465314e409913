import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { insertOrganizationWithKeys } from "@/db/testing/factories";
import { KNOWN_EVENT_TYPES } from "@/lib/events/taxonomy";
import { restHandler } from "@/server/http/handler";
import { handleEventsPost } from "@/server/ingest/http";

// What app/api/v1/events/route.ts exports (server/ may not import app/).
const POST = restHandler(handleEventsPost);

// Whatever a client sends, POST /api/v1/events answers 2xx or 4xx, never 5xx; and a 200 accounts for
// every event sent: accepted + duplicates + rejected = the number of events in the request.
// Runs stay moderate (the suite runs on two cores); a failure prints the seed and the shrunk body.
const RUNS = 200;

let tdb: TestDatabase;
let ingestKey: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
  ({ ingestKey } = await insertOrganizationWithKeys(tdb.db));
});
afterAll(async () => tdb.close());

const send = (body: BodyInit) =>
  POST(
    new Request("http://localhost/api/v1/events", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ingestKey}` },
      body,
    }),
  );

/** How many events the API should account for, by the documented body shapes; null for no batch. */
function eventCount(body: unknown): number | null {
  if (Array.isArray(body)) return body.length;
  if (typeof body !== "object" || body === null) return null;
  if (Object.hasOwn(body, "batch")) {
    const batch = (body as { batch: unknown }).batch;
    return Array.isArray(batch) ? batch.length : null;
  }
  return 1;
}

// The documented codes (docs/api.md): an answer may use no other.
const REQUEST_CODES = ["unsupported_media_type", "payload_too_large", "invalid_utf8", "invalid_json", "invalid_shape", "empty_batch", "too_many_events"];
const EVENT_CODES = [
  "invalid_event", "forbidden_key", "invalid_text", "too_deep", "event_too_large", "invalid_type", "invalid_field", "missing_identity",
  "invalid_timestamp", "future_timestamp", "invalid_properties", "missing_property", "invalid_property", "unknown_currency",
];

type Answer = { accepted: number; duplicates: number; rejected: { index: number; code: string; message: string }[] };

async function checkAnswer(response: Response, sent: unknown): Promise<void> {
  expect(response.status, await response.clone().text()).toBeLessThan(500);
  if (response.status !== 200) {
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(REQUEST_CODES).toContain(error.code);
    expect(error.message.length).toBeGreaterThan(0);
    return;
  }
  const answer = (await response.json()) as Answer;
  const count = eventCount(sent);
  expect(answer.accepted + answer.duplicates + answer.rejected.length).toBe(count);
  const indexes = answer.rejected.map((r) => r.index);
  expect(new Set(indexes).size).toBe(indexes.length);
  for (const index of indexes) expect(index >= 0 && index < count!).toBe(true);
  for (const { code } of answer.rejected) expect(EVENT_CODES).toContain(code);
}

// Strings that stress storage as well as parsing: control characters, astral characters, NUL and
// lone surrogates (valid JSON escapes that PostgreSQL refuses).
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: fc.constantFrom("\u0000", "\ud800", "\udc00", "\u{1f600}", "é", "\n", "'", '"', "\\"), maxLength: 6 }),
);
const anyJson = fc.jsonValue({ maxDepth: 4, stringUnit: fc.oneof(fc.constant("a"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })) });
const propertyValue = fc.oneof(
  anyJson,
  nastyString,
  fc.double(),
  fc.integer(),
  fc.constantFrom(-1, 0, 1e12 + 1, Number.MAX_SAFE_INTEGER, "EUR", "eur", "XYZ", "nps", "exit"),
);
// The property names the known types care about, so that the orders, refunds, survey and trait code
// paths see arbitrary values too, and not only validation.
const propertyName = fc.oneof(
  fc.constantFrom("orderId", "total", "amount", "currency", "items", "kind", "score", "traits", "subscriptionId", "mrr", "points", "checkoutId", "productId", "step"),
  nastyString,
);
const timestamp = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  fc.date({ min: new Date("1960-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom("2026-02-30T10:00:00Z", "2026-03-02T10:15:00", "2026-03-02T10:15:00+01:00", ""),
  anyJson,
);
// Weighted towards values that pass the envelope checks, so that most events reach the database.
const id = fc.oneof({ arbitrary: fc.constantFrom("a", "b", "c"), weight: 4 }, nastyString, fc.integer(), anyJson);
const envelope = fc.record(
  {
    id,
    type: fc.oneof({ arbitrary: fc.constantFrom(...KNOWN_EVENT_TYPES, "custom.thing"), weight: 6 }, nastyString, anyJson),
    customerId: id,
    anonymousId: id,
    sessionId: id,
    timestamp,
    properties: fc.oneof(fc.dictionary(propertyName, propertyValue, { maxKeys: 6 }), anyJson),
  },
  { requiredKeys: [] },
);

describe("POST /api/v1/events under arbitrary input", () => {
  it("never answers 5xx to an arbitrary JSON value", async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (value) => checkAnswer(await send(JSON.stringify(value)), value)),
      { numRuns: RUNS },
    );
  });

  it("never answers 5xx to events with arbitrary fields, and a 200 accounts for every event sent", async () => {
    const body = fc.oneof(
      envelope,
      fc.array(envelope, { minLength: 1, maxLength: 8 }),
      fc.record({ batch: fc.array(envelope, { minLength: 0, maxLength: 8 }) }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => checkAnswer(await send(JSON.stringify(value)), value)),
      { numRuns: RUNS },
    );
  });

  it("never answers 5xx to arbitrary bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const response = await send(bytes);
        let parsed: unknown = undefined;
        try {
          parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
        } catch {
          // Not JSON: the answer must be a 400, checked below.
        }
        if (parsed === undefined) expect(response.status).toBe(400);
        await checkAnswer(response, parsed);
      }),
      { numRuns: RUNS },
    );
  });
});
