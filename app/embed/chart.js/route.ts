import { chartScript } from "@/server/http/chart-script";

/** Chart.js for embedded widgets (server/http/chart-script.ts): versioned URL, cached for a year. */
export async function GET(): Promise<Response> {
  return new Response(await chartScript(), {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" },
  });
}
