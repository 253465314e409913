import "server-only";
import { restHandler } from "./handler";
import { apiError } from "./responses";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Handler = (request: Request) => Promise<Response>;

/**
 * The methods a REST route does not serve, answered as api.md promises for every response: a JSON
 * error (`405 method_not_allowed`, naming the methods that work) with `Allow` and `X-Request-Id`.
 * Left to Next, a wrong method gets an empty 405 without a request id, and OPTIONS an empty 204.
 * A route exports the ones it does not define itself:
 * `export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);`
 * HEAD is Next's own (answered from GET where there is one).
 */
export function otherMethods(served: readonly Method[]): Record<Method | "OPTIONS", Handler> {
  const allow = [...served, ...(served.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const refuse = restHandler(async (request: Request) =>
    apiError(405, "method_not_allowed", `${request.method} is not allowed on ${new URL(request.url).pathname}: use ${served.join(" or ")}`, {
      headers: { Allow: allow },
    }),
  );
  const options = restHandler(async () => new Response(null, { status: 204, headers: { Allow: allow } }));
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse, OPTIONS: options };
}

/** Any path under /api that no route serves: a JSON 404 with a request id, not the app's HTML page. */
export const unknownApiPath: Handler = restHandler(async (request: Request) =>
  apiError(404, "unknown_endpoint", `there is no ${new URL(request.url).pathname}: docs/api.md lists the endpoints`),
);
