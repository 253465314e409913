import { NextResponse, type NextRequest } from "next/server";

// Optimistic routing only: a request to an app page without a session cookie goes to sign-in
// straight away. The real check (signature, expiry, membership, role) happens on the server for
// every page and procedure; this file never decides access on its own.
const PUBLIC_PREFIXES = ["/sign-in", "/sign-up", "/forgot-password", "/reset-password", "/invite", "/embed", "/s/"];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function middleware(request: NextRequest) {
  const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();
  const { pathname, search } = request.nextUrl;
  const isPublic = pathname === "/" || PUBLIC_PREFIXES.some((p) => pathname.startsWith(p));
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!isPublic && !hasSession) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  const forwarded = new Headers(request.headers);
  forwarded.set("x-request-id", requestId);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("X-Request-Id", requestId);
  return response;
}

export const config = {
  // Everything but API routes (they authenticate themselves and answer JSON) and static files.
  matcher: ["/((?!api/|_next/|favicon.ico|robots.txt|.*\\.(?:png|svg|jpg|ico|css|js)$).*)"],
};
