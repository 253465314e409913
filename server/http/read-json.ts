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
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return { ok: false, response: tooLarge(maxBytes) };
  if (!request.body) return { ok: false, response: apiError(400, "invalid_json", "the request has no body") };

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { ok: false, response: tooLarge(maxBytes) };
    }
    chunks.push(value);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return { ok: false, response: apiError(400, "invalid_utf8", "the body is not valid UTF-8") };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, response: apiError(400, "invalid_json", `the body is not valid JSON: ${(error as Error).message}`) };
  }
}

function tooLarge(maxBytes: number): Response {
  return apiError(413, "payload_too_large", `a request may be at most ${Math.round(maxBytes / 1024)} KB`);
}
