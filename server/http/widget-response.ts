import "server-only";
import { randomBytes } from "node:crypto";
import { getDb } from "@/db";
import { formatZonedDate } from "@/lib/events/zoned-time";
import { RANGE_PRESETS } from "@/lib/dashboard/view";
import { renderWidgetError, renderWidgetHtml } from "@/lib/widgets/render-html";
import type { WidgetTheme, WidgetView } from "@/lib/widgets/options";
import { CHART_SCRIPT_PATH } from "./chart-script";
import { clientIp } from "@/server/auth/rate-limit";
import { admitAddress, serveWidget, type EmbedOutcome, type EmbedSuccess, openShareToken, openSignedToken } from "@/server/services/widget-embed";


/**
 * The HTTP side of an embedded widget: CSP with the frame ancestors the widget allows (the browser
 * refuses to show it anywhere else), a nonce for its two scripts, no cookies, a short private cache.
 */
function headers(nonce: string, frameAncestors: string[], cache: string): Record<string, string> {
  const ancestors = frameAncestors.length ? frameAncestors.join(" ") : "'none'";
  return {
    "Content-Type": "text/html; charset=utf-8",
    // Style attributes (bar widths, heatmap shades) are allowed: computed from numbers, and CSS in an
    // attribute cannot run script. Elements still need the nonce.
    "Content-Security-Policy": `default-src 'none'; script-src 'self' 'nonce-${nonce}'; style-src 'nonce-${nonce}'; style-src-attr 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`,
    "Cache-Control": cache,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
  };
}

export function widgetResponse(outcome: EmbedOutcome | (Omit<EmbedSuccess, "widget"> & { widget: Pick<EmbedSuccess["widget"], "name" | "view" | "theme"> })): Response {
  const nonce = randomBytes(16).toString("base64");
  if (!outcome.ok) {
    // Errors may be framed anywhere: the host page should see why its widget is missing, not a blank box.
    const answer: Record<string, string> = { ...headers(nonce, ["*"], "no-store"), "X-Widget-Error": outcome.code };
    if (outcome.retryAfterSeconds) answer["Retry-After"] = String(outcome.retryAfterSeconds);
    return new Response(renderWidgetError(outcome.message, nonce), { status: outcome.status, headers: answer });
  }
  const { widget, read } = outcome;
  const html = renderWidgetHtml({
    title: widget.name,
    view: widget.view as WidgetView,
    theme: widget.theme as WidgetTheme,
    metrics: read.metrics,
    currency: read.currency,
    timeZone: read.timeZone,
    interval: outcome.interval,
    periodLabel: `${RANGE_PRESETS[outcome.range]} · ${formatZonedDate(new Date(read.from), read.timeZone)} to ${formatZonedDate(new Date(new Date(read.to).getTime() - 1), read.timeZone)}`,
    nonce,
    chartScript: CHART_SCRIPT_PATH,
  });
  // no-cache: a browser may keep the page but asks again every time, so a revoked link or an expired
  // token stops at once, and every view is counted.
  return new Response(html, { status: 200, headers: headers(nonce, outcome.frameAncestors, "private, no-cache") });
}

async function handleEmbed(request: Request, token: string, open: typeof openShareToken): Promise<Response> {
  const refused = await admitAddress(clientIp(request.headers));
  if (refused) return widgetResponse(refused);
  const db = await getDb();
  const now = new Date();
  return widgetResponse(await serveWidget(db, await open(db, token, now), new URL(request.url).searchParams, now));
}

export async function handleShareEmbed(request: Request, context: { params: Promise<{ token: string }> }): Promise<Response> {
  return handleEmbed(request, (await context.params).token, openShareToken);
}

export async function handleSignedEmbed(request: Request, context: { params: Promise<{ token: string }> }): Promise<Response> {
  return handleEmbed(request, (await context.params).token, openSignedToken);
}
