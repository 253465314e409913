import "server-only";
import { randomUUID } from "node:crypto";
import { withCors } from "./cors";
import { apiError, withRequestId } from "./responses";

// A client's request id is echoed and logged: only a short token of safe characters is taken over.
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Wraps a REST route: every response carries X-Request-Id, and an unexpected error becomes a 500
 * whose message says nothing of the server (the log has it, under the same request id).
 */
export function restHandler<Args extends unknown[]>(
  handle: (request: Request, ...args: Args) => Promise<Response>,
  options: { cors?: boolean } = {},
) {
  const finish = (response: Response, requestId: string) => {
    withRequestId(response, requestId);
    return options.cors ? withCors(response) : response;
  };
  return async (request: Request, ...args: Args): Promise<Response> => {
    const offered = request.headers.get("x-request-id");
    const requestId = offered && CLIENT_REQUEST_ID.test(offered) ? offered : randomUUID();
    try {
      return finish(await handle(request, ...args), requestId);
    } catch (error) {
      if (clientWentAway(request, error)) {
        // Nothing was stored (the body never arrived whole) and nobody is listening for the answer.
        console.warn(`[api] ${request.method} ${new URL(request.url).pathname}: the client closed the connection (request ${requestId})`);
        return finish(apiError(400, "request_aborted", "the request was closed before its body arrived"), requestId);
      }
      console.error(`[api] ${request.method} ${new URL(request.url).pathname} failed (request ${requestId})`, error);
      return finish(apiError(500, "internal_error", `something went wrong on our side; quote request id ${requestId}`), requestId);
    }
  };
}

function clientWentAway(request: Request, error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return request.signal.aborted || code === "ECONNRESET" || (error instanceof Error && error.message === "aborted");
}
