import "server-only";

// Ingest keys are public by design (ac_pub_…, made to live in a browser), so any origin may send
// events. No cookies are involved: credentials travel in the Authorization header.
const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, Content-Encoding, X-Request-Id",
  "Access-Control-Expose-Headers": "X-Request-Id, Retry-After",
  "Access-Control-Max-Age": "86400",
};

export function withCors(response: Response): Response {
  for (const [name, value] of Object.entries(CORS_HEADERS)) response.headers.set(name, value);
  return response;
}

export function preflightResponse(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}
