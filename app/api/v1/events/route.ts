import { preflightResponse } from "@/server/http/cors";
import { restHandler } from "@/server/http/handler";
import { otherMethods } from "@/server/http/methods";
import { handleEventsPost } from "@/server/ingest/http";

// Browsers may send with an ingest key, so the route answers CORS preflights.
export const POST = restHandler(handleEventsPost, { cors: true });
export const OPTIONS = restHandler(async () => preflightResponse());
export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
