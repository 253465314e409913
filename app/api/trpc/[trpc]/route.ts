import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createRequestContext } from "@/server/api/context";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createRequestContext(req.headers),
    responseMeta({ errors }) {
      const retryAfter = errors
        .map((e) => (e.cause as { details?: { retryAfterSeconds?: number } } | undefined)?.details?.retryAfterSeconds)
        .find((s) => typeof s === "number");
      return retryAfter ? { headers: new Headers({ "Retry-After": String(retryAfter) }) } : {};
    },
  });
}

export { handler as GET, handler as POST };
