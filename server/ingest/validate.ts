import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { EVENT_TYPES, TYPE_PATTERN, isKnownEventType } from "@/lib/events/taxonomy";
import { isKnownCurrency } from "@/lib/money";

export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_DEPTH = 12;
const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;
const EARLIEST = Date.UTC(1970, 0, 1);
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export interface NormalizedEvent {
  messageId: string;
  /** False when the server made the id up: such events cannot be deduplicated. */
  clientMessageId: boolean;
  type: string;
  custom: boolean;
  customerId: string | null;
  anonymousId: string | null;
  sessionId: string | null;
  timestamp: Date;
  properties: Record<string, unknown>;
}

export type Rejection = { code: string; message: string };
export type Validation = { ok: true; event: NormalizedEvent } | ({ ok: false } & Rejection);

export interface ValidationContext {
  now: Date;
}

const reject = (code: string, message: string): Validation => ({ ok: false, code, message });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// PostgreSQL text and jsonb cannot hold U+0000, and jsonb refuses an unpaired UTF-16 surrogate (valid
// JSON escapes like "\ud800" produce one). Either would fail the whole batch's insert.
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function unstorableText(where: string): Rejection {
  return { code: "invalid_text", message: `${where} contains U+0000 or an unpaired surrogate, which cannot be stored` };
}

/**
 * Walks a JSON value once for its first forbidden key, unstorable text or depth overrun, and for an
 * upper bound of its JSON size in bytes (`size.bound`): at most 6 bytes per string character (a
 * `\u0000`-style escape), a number's own text (JSON.stringify writes a finite number as String()
 * does: up to 25 characters, e.g. -0.0000012345678901234567), 5 for true, false and null, plus
 * quotes, brackets and separators. Only an event whose bound passes the limit is serialised to
 * measure it exactly, instead of every event of every batch.
 */
function structuralProblem(value: unknown, size: { bound: number }, depth = 0, path = "the event"): Rejection | null {
  if (depth > MAX_DEPTH) return { code: "too_deep", message: `nesting deeper than ${MAX_DEPTH} levels is not accepted` };
  if (typeof value === "string") {
    size.bound += 6 * value.length + 2;
    return UNSTORABLE_TEXT.test(value) ? unstorableText(path) : null;
  }
  if (typeof value === "number") {
    size.bound += String(value).length;
    return null;
  }
  size.bound += 5; // true, false, null; or the brackets of an array or object
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      size.bound += 1;
      const problem = structuralProblem(item, size, depth + 1, `${path}[${index}]`);
      if (problem) return problem;
    }
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return { code: "forbidden_key", message: `the key "${key}" is not accepted` };
      if (UNSTORABLE_TEXT.test(key)) return unstorableText(`a key in ${path}`);
      size.bound += 6 * key.length + 4;
      const problem = structuralProblem(value[key], size, depth + 1, depth === 0 ? key : `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return null;
}

function optionalId(raw: unknown, field: string): { value: string | null } | Rejection {
  if (raw === undefined || raw === null) return { value: null };
  if (typeof raw === "number" && Number.isSafeInteger(raw)) return { value: String(raw) };
  if (typeof raw !== "string" || raw.length < 1 || raw.length > 128) {
    return { code: "invalid_field", message: `${field} must be a string of 1-128 characters` };
  }
  return { value: raw };
}

function parseTimestamp(raw: unknown, now: Date): Date | Rejection {
  if (raw === undefined || raw === null) return now;
  // ISO-8601 with an offset: a time without one would be read in an unknown zone.
  if (typeof raw !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(raw)) {
    return { code: "invalid_timestamp", message: "timestamp must be ISO-8601 with an offset, e.g. 2026-03-02T10:15:00Z" };
  }
  const date = new Date(raw);
  if (Number.isNaN(date.getTime()) || date.getTime() < EARLIEST || !isCalendarDate(raw)) {
    return { code: "invalid_timestamp", message: `timestamp ${raw} is not a valid date after 1970` };
  }
  if (date.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    return { code: "future_timestamp", message: `timestamp ${raw} is more than 1 hour in the future` };
  }
  return date;
}

/** Date parsing rolls 2026-02-30 over into March; a day past the month's end is a mistake, not a date. */
function isCalendarDate(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// Arithmetic rather than a Date: this runs for every event, and Next's server wraps Date.
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (isPlainObject(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined), value);
}

function describeIssue(type: string, issue: z.core.$ZodIssue, properties: Record<string, unknown>): Rejection {
  const path = ["properties", ...issue.path.map(String)].join(".");
  const missing = issue.code !== "custom" && valueAt(properties, issue.path) === undefined;
  if (missing) return { code: "missing_property", message: `${type} needs ${path}` };
  const detail = issue.message.replace(/^Invalid input: /, "");
  return { code: "invalid_property", message: `${type}: ${path} ${detail}` };
}

/**
 * Checks one event of a request and brings it to the stored form. Pure: no database, so that the
 * same rules serve the HTTP API, Segment, CSV imports and the demo generator. Top-level fields other
 * than the envelope's are ignored (Segment-style clients add context objects); data that matters
 * belongs in properties.
 */
export function validateEvent(raw: unknown, ctx: ValidationContext): Validation {
  if (!isPlainObject(raw)) return reject("invalid_event", "each event must be a JSON object");
  const size = { bound: 0 };
  const structural = structuralProblem(raw, size);
  if (structural) return { ok: false, ...structural };
  if (size.bound > MAX_EVENT_BYTES && Buffer.byteLength(JSON.stringify(raw)) > MAX_EVENT_BYTES) {
    return reject("event_too_large", `an event may be at most ${MAX_EVENT_BYTES / 1024} KB`);
  }

  const { type } = raw;
  if (typeof type !== "string" || !TYPE_PATTERN.test(type) || type.length > 128) {
    return reject("invalid_type", 'type must be lowercase noun.verb, e.g. "order.placed"');
  }
  const ids: Record<string, string | null> = {};
  for (const field of ["id", "customerId", "anonymousId", "sessionId"] as const) {
    const parsed = optionalId(raw[field], field);
    if ("code" in parsed) return { ok: false, ...parsed };
    ids[field] = parsed.value;
  }
  if (!ids.customerId && !ids.anonymousId) return reject("missing_identity", "an event needs customerId or anonymousId");
  if (type === "customer.identified" && !ids.customerId) return reject("missing_identity", "customer.identified needs customerId");

  const timestamp = parseTimestamp(raw.timestamp, ctx.now);
  if (!(timestamp instanceof Date)) return { ok: false, ...timestamp };

  const rawProperties = raw.properties ?? {};
  if (!isPlainObject(rawProperties)) return reject("invalid_properties", "properties must be a JSON object");

  let properties: Record<string, unknown> = rawProperties;
  const custom = !isKnownEventType(type);
  if (!custom) {
    const parsed = EVENT_TYPES[type as keyof typeof EVENT_TYPES].safeParse(rawProperties);
    if (!parsed.success) return { ok: false, ...describeIssue(type, parsed.error.issues[0]!, rawProperties) };
    properties = parsed.data as Record<string, unknown>;
    const currencyProblem = normalizeCurrency(properties);
    if (currencyProblem) return { ok: false, ...currencyProblem };
  }

  return {
    ok: true,
    event: {
      messageId: ids.id ?? randomUUID(),
      clientMessageId: ids.id !== null,
      type,
      custom,
      customerId: ids.customerId ?? null,
      anonymousId: ids.anonymousId ?? null,
      sessionId: ids.sessionId ?? null,
      timestamp,
      properties,
    },
  };
}

/**
 * A sent currency is upper-cased and must be ISO-4217; a missing one stays missing and means the
 * organisation's currency, resolved when the event is stored.
 */
function normalizeCurrency(properties: Record<string, unknown>): Rejection | null {
  // Undefined is missing too: JSON cannot carry it, but in-process senders (imports, tests) can.
  if (properties.currency === undefined) return null;
  const code = properties.currency;
  if (typeof code !== "string" || !isKnownCurrency(code.toUpperCase())) {
    return { code: "unknown_currency", message: `currency ${JSON.stringify(code)} is not an ISO-4217 code` };
  }
  properties.currency = code.toUpperCase();
  return null;
}
