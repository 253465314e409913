import "server-only";
import { getDb } from "@/db";
import { requireApiKey } from "@/server/http/api-key-auth";
import { quotaGate } from "@/server/http/quota";
import { readJsonBody } from "@/server/http/read-json";
import { apiError } from "@/server/http/responses";
import { ingestEvents } from "./store";

export const MAX_REQUEST_BYTES = 512 * 1024;
export const MAX_BATCH = 500;

export type BatchShape = { ok: true; events: unknown[] } | { ok: false; response: Response };

/** One event, an array of events, or {"batch": [...]}. */
export function eventsOfBody(body: unknown): BatchShape {
  let list: unknown[];
  if (Array.isArray(body)) list = body;
  else if (typeof body === "object" && body !== null && "batch" in body) {
    const batch = (body as { batch: unknown }).batch;
    if (!Array.isArray(batch)) return { ok: false, response: apiError(400, "invalid_shape", '"batch" must be an array of events') };
    list = batch;
  } else if (typeof body === "object" && body !== null) list = [body];
  else return { ok: false, response: apiError(400, "invalid_shape", 'send one event, an array of events, or {"batch": [...]}') };
  if (list.length === 0) return { ok: false, response: apiError(400, "empty_batch", "the batch has no events") };
  if (list.length > MAX_BATCH) {
    return { ok: false, response: apiError(413, "too_many_events", `a request may carry at most ${MAX_BATCH} events (got ${list.length})`) };
  }
  return { ok: true, events: list };
}

/** POST /api/v1/events. Answers after the commit: an acknowledged event is durable. */
export async function handleEventsPost(request: Request): Promise<Response> {
  const auth = await requireApiKey(request, "ingest", "ingest");
  if (!auth.ok) return auth.response;
  const quota = await quotaGate(auth.key.org.id);
  if (!quota.ok) return quota.response;
  const body = await readJsonBody(request, MAX_REQUEST_BYTES);
  if (!body.ok) return body.response;
  const shape = eventsOfBody(body.value);
  if (!shape.ok) return shape.response;
  const result = await ingestEvents(await getDb(), auth.key.org, shape.events, { source: "api", usage: quota.usage });
  return Response.json(result);
}
