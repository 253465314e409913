import "server-only";
import { apiError } from "./responses";

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * Reads a JSON body without trusting Content-Length: the stream is cut off past `maxBytes` (413).
 * Invalid UTF-8 and invalid JSON are 400s with a message that says which.
 */
export async function readJsonBody(request: Request, maxBytes: number, contentTypes = ["application/json", "text/plain"]): Promise<JsonBody> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!contentTypes.includes(type)) {
    return {
      ok: false,
      response: apiError(415, "unsupported_media_type", `send the body as application/json (got ${type || "no content type"})`),
    };
  }
  if (!request.body) return { ok: false, response: apiError(400, "invalid_json", "the request has no body") };
  const bytes = await readCappedBody(request, maxBytes);
  if (bytes === null) return { ok: false, response: tooLarge(maxBytes) };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, response: apiError(400, "invalid_utf8", "the body is not valid UTF-8") };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, response: apiError(400, "invalid_json", `the body is not valid JSON: ${(error as Error).message}`) };
  }
}

/**
 * The body's bytes, or null past `maxBytes`: Content-Length is checked first, then the stream is
 * counted as it arrives and cut off (the header may be absent or wrong). An absent body is empty.
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<Buffer | null> {
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) return null;
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): Response {
  return apiError(413, "payload_too_large", `a request may be at most ${Math.round(maxBytes / 1024)} KB`);
}
