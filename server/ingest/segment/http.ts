import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import { restHandler } from "@/server/http/handler";
import { quotaGate } from "@/server/http/quota";
import { apiError } from "@/server/http/responses";
import { ingestEvents } from "@/server/ingest/store";
import { listTrackMappings } from "@/server/services/track-mappings";
import { isPlainObject, type Json } from "./envelope";
import { mappingTable, type SegmentCall } from "./map";
import { prepareMessages, type MessageRejection } from "./prepare";
import { authenticateAndRead, preflightResponse, withCors } from "./request";

export const SEGMENT_MAX_BATCH = 500;

/** The endpoints: Segment's HTTP API names, and the one-letter paths analytics.js posts to. */
const ENDPOINTS: Record<string, SegmentCall | "batch"> = {
  track: "track", identify: "identify", page: "page", screen: "screen", group: "group", alias: "alias", batch: "batch",
  t: "track", i: "identify", p: "page", s: "screen", g: "group", a: "alias", b: "batch",
};

/**
 * POST /api/segment/v1/{call}. Answers as Segment does, 200 {"success": true}, once the events are
 * committed. A single call whose message cannot be stored gets a 400 saying why; a batch stores its
 * valid messages, answers 200 and lists the others (Segment clients only read the status, so they
 * are also logged with the request id); a batch with nothing valid in it is a 400.
 */
export async function postSegment(request: Request, endpoint: string): Promise<Response> {
  // The id is fixed here, before restHandler, so that the log lines below carry the id the client sees.
  const requestId = request.headers.get("x-request-id") || randomUUID();
  let tagged = request;
  if (request.headers.get("x-request-id") !== requestId) {
    const headers = new Headers(request.headers);
    headers.set("x-request-id", requestId);
    tagged = new Request(request, { headers });
  }
  return withCors(await handler(tagged, endpoint, requestId));
}

export const segmentPreflight = restHandler(async () => preflightResponse());

const handler = restHandler(async (request: Request, endpoint: string, requestId: string): Promise<Response> => {
  const call = Object.hasOwn(ENDPOINTS, endpoint) ? ENDPOINTS[endpoint]! : null;
  if (!call) return apiError(404, "unknown_endpoint", `there is no /api/segment/v1/${endpoint}: use track, identify, page, screen, group, alias or batch`);
  const read = await authenticateAndRead(request);
  if (!read.ok) return read.response;
  const quota = await quotaGate(read.key.org.id);
  if (!quota.ok) return quota.response;
  const shape = messagesOf(call, read.body);
  if (!shape.ok) return shape.response;

  const db = await getDb();
  const org = read.key.org;
  const receivedAt = new Date();
  const mappings = mappingTable(await listTrackMappings(db, org.id));
  const single = call === "batch" ? null : call;
  const prepared = prepareMessages(single, shape.messages, { mappings, receivedAt, batchSentAt: shape.sentAt, batchContext: shape.context });
  const rejected = [...prepared.rejected];

  if (prepared.events.length > 0) {
    const result = await ingestEvents(db, org, prepared.events, { source: "segment", now: receivedAt, usage: quota.usage });
    // prepareMessages ran the same validation, so this is empty unless the rules change under us.
    for (const r of result.rejected) rejected.push({ index: prepared.origins[r.index]!, code: r.code, message: r.message });
  }
  if (rejected.length) logRejections(requestId, org.slug, shape.messages.length, rejected);

  if (single && rejected.length) return apiError(400, rejected[0]!.code, rejected[0]!.message);
  if (prepared.events.length === 0) {
    return apiError(400, "no_valid_messages", `none of the ${shape.messages.length} messages could be stored; the first: ${rejected[0]!.message}`, {
      details: { rejected },
    });
  }
  return Response.json(rejected.length ? { success: true, rejected: rejected.sort((a, b) => a.index - b.index) } : { success: true });
});

type Messages = { ok: true; messages: unknown[]; sentAt?: unknown; context?: Json } | { ok: false; response: Response };

function messagesOf(call: SegmentCall | "batch", body: unknown): Messages {
  if (!isPlainObject(body)) return { ok: false, response: apiError(400, "invalid_shape", "the body must be a JSON object") };
  if (call !== "batch") return { ok: true, messages: [body] };
  const { batch, sentAt, context } = body;
  if (!Array.isArray(batch)) return { ok: false, response: apiError(400, "invalid_shape", 'a batch must look like {"batch": [messages]}') };
  if (batch.length === 0) return { ok: false, response: apiError(400, "empty_batch", "the batch has no messages") };
  if (batch.length > SEGMENT_MAX_BATCH) {
    return { ok: false, response: apiError(413, "too_many_messages", `a batch may carry at most ${SEGMENT_MAX_BATCH} messages (got ${batch.length})`) };
  }
  if (context !== undefined && !isPlainObject(context)) return { ok: false, response: apiError(400, "invalid_shape", "the batch's context must be an object") };
  return { ok: true, messages: batch, sentAt, context };
}

function logRejections(requestId: string, orgSlug: string, total: number, rejected: MessageRejection[]): void {
  // Codes and messages only: the messages themselves may carry personal data.
  console.warn(
    `[segment] request ${requestId}: ${rejected.length} of ${total} messages rejected for organisation ${orgSlug}`,
    JSON.stringify(rejected.slice(0, 20)),
  );
}
