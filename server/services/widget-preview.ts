import "server-only";
import { getDb } from "@/db";
import { can } from "@/lib/permissions";
import { widgetInput } from "@/lib/validation/widgets";
import type { WidgetRange } from "@/lib/widgets/options";
import type { ViewInterval } from "@/lib/dashboard/view";
import { getSessionUser } from "@/server/auth/session";
import { DomainError } from "@/server/errors";
import { findMembershipBySlug } from "./organizations";
import { readWidget } from "./widget-embed";
import { checkWidgetMetrics } from "./widgets";
import { apiError } from "@/server/http/responses";
import { widgetResponse } from "@/server/http/widget-response";

/**
 * GET /api/orgs/{slug}/widget-preview?widget=<JSON>: the builder's live preview, the widget as it
 * would be served, from the draft in the query, for a signed-in member who may build widgets. Framed
 * by the app itself only; never counted as a view.
 */
export async function handleWidgetPreview(request: Request, orgSlug: string): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return apiError(401, "unauthorized", "Sign in to continue.");
  const db = await getDb();
  const found = await findMembershipBySlug(db, user.id, orgSlug);
  if (!found) return apiError(404, "not_found", "Organisation not found.");
  if (!can(found.role, "widgets.manage")) return apiError(403, "forbidden", "Only analysts, admins and owners build widgets.");
  let draft: unknown;
  try {
    draft = JSON.parse(new URL(request.url).searchParams.get("widget") ?? "");
  } catch {
    return apiError(400, "invalid_widget", "widget must be the draft as JSON.");
  }
  const parsed = widgetInput.safeParse(draft);
  if (!parsed.success) return apiError(400, "invalid_widget", parsed.error.issues[0]!.message);
  const widget = parsed.data;
  try {
    checkWidgetMetrics(widget);
  } catch (error) {
    if (error instanceof DomainError) return apiError(400, "invalid_widget", error.message);
    throw error;
  }
  const choices = { range: widget.range as WidgetRange, interval: widget.interval as ViewInterval | null };
  const read = await readWidget(db, found.org.id, widget, choices, widget.lockedSegment, new Date());
  const response = widgetResponse({ ok: true, widget, orgName: found.org.name, frameAncestors: ["'self'"], segment: widget.lockedSegment, ...choices, read });
  response.headers.set("Cache-Control", "no-store");
  return response;
}
