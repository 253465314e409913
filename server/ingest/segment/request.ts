import "server-only";
import { requireApiKey } from "@/server/http/api-key-auth";
import { readJsonBody } from "@/server/http/read-json";
import { apiError } from "@/server/http/responses";
import type { AuthenticatedKey } from "@/server/services/api-keys";

/**
 * What Segment-style clients put on the wire, read the way Segment reads it: the write key as the
 * HTTP Basic user name (analytics-node, RudderStack) or as "writeKey" in the body (analytics.js in
 * the browser, which sends text/plain to avoid a CORS preflight), and gzip bodies.
 */

// Segment's own limit per request (its batch endpoint); each message is held to 32 KB by validateEvent.
export const SEGMENT_MAX_REQUEST_BYTES = 500 * 1024;

export type Authenticated = { ok: true; key: AuthenticatedKey; body: unknown } | { ok: false; response: Response };

const MISSING_KEY =
  'send your Aftercart ingest key (ac_pub_…) as the write key: the HTTP Basic user name with an empty password, or "writeKey" in the body';

export async function authenticateAndRead(request: Request): Promise<Authenticated> {
  let key: AuthenticatedKey | null = null;
  // With a header, the key is checked before the body is read: a stranger's 500 KB costs nothing.
  if (request.headers.get("authorization")) {
    const auth = await requireApiKey(request, "ingest", "ingest");
    if (!auth.ok) return auth;
    key = auth.key;
  }
  const body = await readBody(request);
  if (!body.ok) return body;
  if (!key) {
    const writeKey = typeof body.value === "object" && body.value !== null ? (body.value as { writeKey?: unknown }).writeKey : undefined;
    if (typeof writeKey !== "string" || writeKey === "") return { ok: false, response: apiError(401, "missing_api_key", MISSING_KEY) };
    const auth = await requireApiKey(new Request(request.url, { headers: { authorization: `Bearer ${writeKey}` } }), "ingest", "ingest");
    if (!auth.ok) return auth;
    key = auth.key;
  }
  return { ok: true, key, body: body.value };
}

async function readBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const encoding = (request.headers.get("content-encoding") ?? "").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") return readJsonBody(request, SEGMENT_MAX_REQUEST_BYTES);
  if (encoding !== "gzip") {
    return { ok: false, response: apiError(415, "unsupported_encoding", `send the body plain or gzip-compressed (got Content-Encoding: ${encoding})`) };
  }
  if (!request.body) return { ok: false, response: apiError(400, "invalid_json", "the request has no body") };
  const headers = new Headers(request.headers);
  headers.delete("content-encoding");
  // The declared length is the compressed one; the limit applies to what the body unpacks to.
  headers.delete("content-length");
  const unpacked = new Request(request.url, {
    method: "POST",
    headers,
    body: request.body.pipeThrough(new DecompressionStream("gzip")),
    duplex: "half",
  } as RequestInit & { duplex: "half" });
  try {
    return await readJsonBody(unpacked, SEGMENT_MAX_REQUEST_BYTES);
  } catch {
    return { ok: false, response: apiError(400, "invalid_gzip", "the body is not valid gzip") };
  }
}

export { preflightResponse, withCors } from "@/server/http/cors";
