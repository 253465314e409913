import type { KnownEventType } from "@/lib/events/taxonomy";

/**
 * The parts every Segment call shares (userId, anonymousId, messageId, timestamps, context), turned
 * into Aftercart's envelope. Pure: the HTTP handler and the tests call it alike.
 */

export type SegmentCall = "track" | "identify" | "page" | "screen" | "group" | "alias";
export const SEGMENT_CALLS: readonly SegmentCall[] = ["track", "identify", "page", "screen", "group", "alias"];

export type Json = Record<string, unknown>;

/** An event in the shape POST /api/v1/events takes, ready for validateEvent / ingestEvents. */
export interface AftercartEvent {
  id?: string;
  type: string;
  customerId?: string;
  anonymousId?: string;
  sessionId?: string;
  timestamp?: string;
  properties: Json;
}

export interface MapContext {
  /** The organisation's track-name mappings (see mappingTable). */
  mappings: TrackMappingTable;
  /** The organisation's checkout step order; the default order when absent. */
  checkoutSteps?: readonly string[];
  /** When the request arrived: the reference for clock-skew correction. */
  receivedAt: Date;
  /** The batch's own sentAt and context, which Segment applies to every message of the batch. */
  batchSentAt?: unknown;
  batchContext?: Json;
}

export type TrackMappingTable = ReadonlyMap<string, KnownEventType>;

export type Mapped = { ok: true; events: AftercartEvent[] } | { ok: false; code: string; message: string };

export const rejectMessage = (code: string, message: string): Mapped => ({ ok: false, code, message });

export function isPlainObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface Envelope {
  id?: string;
  customerId?: string;
  anonymousId?: string;
  sessionId?: string;
  timestamp?: string;
  context: Json;
}

type IdResult = { value?: string } | { code: string; message: string };

/** Segment ids may be strings or numbers; null, absent and "" all mean "not sent". */
function idOf(raw: unknown, field: string): IdResult {
  if (raw === undefined || raw === null || raw === "") return {};
  if (typeof raw === "number" && Number.isSafeInteger(raw)) return { value: String(raw) };
  if (typeof raw === "string" && raw.length <= 128) return { value: raw };
  return { code: "invalid_field", message: `${field} must be a string of 1-128 characters` };
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function isoDate(raw: unknown): Date | null {
  if (typeof raw !== "string" || !ISO_WITH_OFFSET.test(raw)) return null;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * `timestamp` as sent, when sent: it is when the event happened, and server libraries and backfills
 * set it on purpose. Without it, `originalTimestamp` (the device's clock, what RudderStack sends) is
 * corrected for the device's clock skew the way Segment documents: receivedAt - (sentAt -
 * originalTimestamp). Without either, the time of receipt (validateEvent's default).
 */
function timestampOf(message: Json, ctx: MapContext): { value?: string } | { code: string; message: string } {
  if (message.timestamp !== undefined && message.timestamp !== null) {
    // validateEvent checks it and names the field in its message.
    return typeof message.timestamp === "string" ? { value: message.timestamp } : { code: "invalid_timestamp", message: "timestamp must be an ISO-8601 string" };
  }
  if (message.originalTimestamp === undefined || message.originalTimestamp === null) return {};
  const original = isoDate(message.originalTimestamp);
  if (!original) return { code: "invalid_timestamp", message: "originalTimestamp must be ISO-8601 with an offset, e.g. 2026-03-02T10:15:00Z" };
  const sentAt = isoDate(message.sentAt ?? ctx.batchSentAt);
  if (!sentAt) return { value: original.toISOString() };
  return { value: new Date(ctx.receivedAt.getTime() - (sentAt.getTime() - original.getTime())).toISOString() };
}

/** The envelope of one message, or why it cannot have one. */
export function envelopeOf(message: Json, ctx: MapContext): { ok: true; envelope: Envelope } | { ok: false; code: string; message: string } {
  const ownContext = message.context ?? {};
  if (!isPlainObject(ownContext)) return { ok: false, code: "invalid_field", message: "context must be an object" };
  // Segment: a batch's context applies to every message in it; a message's own keys win.
  const context = { ...ctx.batchContext, ...ownContext };

  const fields = { messageId: message.messageId, userId: message.userId, anonymousId: message.anonymousId, sessionId: context.sessionId };
  const ids: Partial<Record<keyof typeof fields, string>> = {};
  for (const [field, raw] of Object.entries(fields) as [keyof typeof fields, unknown][]) {
    // RudderStack keeps its session id in context.sessionId, as a number of milliseconds.
    const parsed = idOf(raw, field === "sessionId" ? "context.sessionId" : field);
    if ("code" in parsed) return { ok: false, ...parsed };
    if (parsed.value !== undefined) ids[field] = parsed.value;
  }
  const timestamp = timestampOf(message, ctx);
  if ("code" in timestamp) return { ok: false, ...timestamp };
  return {
    ok: true,
    envelope: {
      id: ids.messageId,
      customerId: ids.userId,
      anonymousId: ids.anonymousId,
      sessionId: ids.sessionId,
      timestamp: timestamp.value,
      context,
    },
  };
}

/** An Aftercart event from an envelope; keys that are undefined are left out. */
export function eventOf(envelope: Envelope, type: string, properties: Json, overrides: Partial<AftercartEvent> = {}): AftercartEvent {
  const event: AftercartEvent = { type, properties };
  for (const key of ["id", "customerId", "anonymousId", "sessionId", "timestamp"] as const) {
    const value = key in overrides ? overrides[key] : envelope[key];
    if (value !== undefined) event[key] = value;
  }
  return event;
}
