/**
 * The origin the visitor used to reach us ("https://analytics.example.com"), for snippets they paste
 * elsewhere. Behind a proxy, X-Forwarded-Host/-Proto carry what the browser saw; the first value of
 * each wins (the hop nearest the visitor). Falls back to APP_URL's origin when the request names no host.
 */
export function requestOrigin(headers: Headers, fallback: string): string {
  const first = (name: string) => headers.get(name)?.split(",")[0]?.trim() || null;
  const host = first("x-forwarded-host") ?? first("host");
  const validHost = host !== null && /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i.test(host);
  if (!validHost) return new URL(fallback).origin;
  const forwarded = first("x-forwarded-proto")?.toLowerCase();
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i.test(host);
  const protocol = forwarded === "http" || forwarded === "https" ? forwarded : local ? "http" : "https";
  return `${protocol}://${host}`;
}
