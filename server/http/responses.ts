import "server-only";

/**
 * The REST API's error shape (docs/api.md): {"error": {"code", "message", "details"}}. `code` is stable
 * and documented; `message` is for people.
 */
export function apiError(status: number, code: string, message: string, init: { details?: unknown; headers?: HeadersInit } = {}) {
  return Response.json({ error: { code, message, details: init.details ?? null } }, { status, headers: init.headers });
}

export function withRequestId(response: Response, requestId: string): Response {
  response.headers.set("X-Request-Id", requestId);
  return response;
}
