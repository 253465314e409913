import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { widgetShareTokens, widgetViews, widgets } from "@/db/schema";
import type { WidgetInput } from "@/lib/validation/widgets";
import { SINGLE_METRIC_VIEWS } from "@/lib/widgets/options";
import { generateToken, hashToken } from "@/server/auth/tokens";
import { badRequest, notFound } from "@/server/errors";
import { getMetric } from "@/server/metrics/catalog";
import { assertWidgetAvailable } from "@/server/billing/limits";
import { recordAudit, type Actor } from "./audit";
import { lockOrganization } from "./organizations";

/**
 * Widgets as analysts build them, and their share tokens. Every change is audited; a share token is
 * shown once and kept as a hash. Serving a widget is server/services/widget-embed.ts.
 */

export type Widget = typeof widgets.$inferSelect;

/** The metrics must exist and fit the view: a chart draws numbers of one unit on one axis, tables are not numbers. */
export function checkWidgetMetrics(input: WidgetInput): void {
  const metrics = input.metricKeys.map((key) => {
    const metric = getMetric(key);
    if (!metric) throw badRequest(`There is no metric "${key}" in the catalog.`, "metricKeys");
    // Tables (step exits, cohorts) have views of their own; the other views draw numbers.
    if (metric.unit === "table" && SINGLE_METRIC_VIEWS[input.view] !== key) throw badRequest(`${metric.name} is a table; widgets show single numbers and their series.`, "metricKeys");
    return metric;
  });
  if ((input.view === "line" || input.view === "bar") && new Set(metrics.map((m) => m.unit)).size > 1) {
    throw badRequest("A chart shows metrics of one unit (percentages with percentages, money with money): split them into two widgets.", "metricKeys");
  }
}

async function requireWidget(db: Executor, orgId: string, widgetId: string): Promise<Widget> {
  const [row] = await db.select().from(widgets).where(and(eq(widgets.orgId, orgId), eq(widgets.id, widgetId)));
  if (!row) throw notFound("Widget");
  return row;
}

const audited = (w: Widget) => ({ name: w.name, metricKeys: w.metricKeys, view: w.view, range: w.range, interval: w.interval, theme: w.theme, lockedSegment: w.lockedSegment, viewerParams: w.viewerParams });

export async function createWidget(db: Executor, actor: Actor, orgId: string, input: WidgetInput): Promise<Widget> {
  checkWidgetMetrics(input);
  return db.transaction(async (tx) => {
    await lockOrganization(tx, orgId);
    await assertWidgetAvailable(tx, orgId);
    const [row] = await tx.insert(widgets).values({ orgId, ...input, createdByUserId: actor.userId }).returning();
    await recordAudit(tx, { orgId, actor, action: "widget.created", targetType: "widget", targetId: row!.id, after: audited(row!) });
    return row!;
  });
}

export async function updateWidget(db: Executor, actor: Actor, orgId: string, widgetId: string, input: WidgetInput): Promise<Widget> {
  checkWidgetMetrics(input);
  return db.transaction(async (tx) => {
    const before = await requireWidget(tx, orgId, widgetId);
    const [row] = await tx
      .update(widgets)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(widgets.orgId, orgId), eq(widgets.id, widgetId)))
      .returning();
    await recordAudit(tx, { orgId, actor, action: "widget.updated", targetType: "widget", targetId: widgetId, before: audited(before), after: audited(row!) });
    return row!;
  });
}

/** Deleting a widget revokes its share tokens with it; signed tokens naming it find nothing. */
export async function deleteWidget(db: Executor, actor: Actor, orgId: string, widgetId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await requireWidget(tx, orgId, widgetId);
    await tx.delete(widgetShareTokens).where(and(eq(widgetShareTokens.orgId, orgId), eq(widgetShareTokens.widgetId, widgetId)));
    await tx.delete(widgets).where(and(eq(widgets.orgId, orgId), eq(widgets.id, widgetId)));
    await recordAudit(tx, { orgId, actor, action: "widget.deleted", targetType: "widget", targetId: widgetId, before: audited(before) });
  });
}

export async function listWidgets(db: Executor, orgId: string, now = new Date()) {
  const since = new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  const rows = await db
    .select({
      widget: widgets,
      views30d: sql<number>`coalesce((select sum(v.views) from ${widgetViews} v where v.org_id = ${widgets.orgId} and v.widget_id = ${widgets.id} and v.day >= ${since}::date), 0)::int`,
    })
    .from(widgets)
    .where(eq(widgets.orgId, orgId))
    .orderBy(desc(widgets.createdAt));
  return rows.map((r) => ({ ...r.widget, views30d: Number(r.views30d) }));
}

export async function getWidget(db: Executor, orgId: string, widgetId: string): Promise<Widget> {
  return requireWidget(db, orgId, widgetId);
}

export async function createShareToken(
  db: Executor,
  actor: Actor,
  orgId: string,
  input: { widgetId: string; allowedOrigins: string[]; expiresAt: Date | null },
  now = new Date(),
): Promise<{ token: string; id: string }> {
  if (input.expiresAt && input.expiresAt <= now) throw badRequest("The expiry must be in the future.", "expiresAt");
  const token = `ac_wgt_${generateToken()}`;
  return db.transaction(async (tx) => {
    await requireWidget(tx, orgId, input.widgetId);
    const [row] = await tx
      .insert(widgetShareTokens)
      .values({ orgId, widgetId: input.widgetId, tokenHash: hashToken(token), displayPrefix: token.slice(0, 14), allowedOrigins: input.allowedOrigins, expiresAt: input.expiresAt })
      .returning({ id: widgetShareTokens.id });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "widget.share_token_created",
      targetType: "widget",
      targetId: input.widgetId,
      after: { displayPrefix: token.slice(0, 14), allowedOrigins: input.allowedOrigins, expiresAt: input.expiresAt },
    });
    return { token, id: row!.id };
  });
}

export async function listShareTokens(db: Executor, orgId: string, widgetId: string) {
  return db
    .select({
      id: widgetShareTokens.id,
      displayPrefix: widgetShareTokens.displayPrefix,
      allowedOrigins: widgetShareTokens.allowedOrigins,
      expiresAt: widgetShareTokens.expiresAt,
      revokedAt: widgetShareTokens.revokedAt,
      createdAt: widgetShareTokens.createdAt,
    })
    .from(widgetShareTokens)
    .where(and(eq(widgetShareTokens.orgId, orgId), eq(widgetShareTokens.widgetId, widgetId)))
    .orderBy(desc(widgetShareTokens.createdAt));
}

export async function revokeShareToken(db: Executor, actor: Actor, orgId: string, tokenId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(widgetShareTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(widgetShareTokens.orgId, orgId), eq(widgetShareTokens.id, tokenId), isNull(widgetShareTokens.revokedAt)))
      .returning({ widgetId: widgetShareTokens.widgetId, displayPrefix: widgetShareTokens.displayPrefix });
    if (!row) throw notFound("An active share link");
    await recordAudit(tx, { orgId, actor, action: "widget.share_token_revoked", targetType: "widget", targetId: row.widgetId, before: { displayPrefix: row.displayPrefix } });
  });
}

/** One more view of a widget today (UTC). */
export async function countWidgetView(db: Executor, orgId: string, widgetId: string, now = new Date()): Promise<void> {
  await db
    .insert(widgetViews)
    .values({ orgId, widgetId, day: now.toISOString().slice(0, 10), views: 1 })
    .onConflictDoUpdate({ target: [widgetViews.orgId, widgetViews.widgetId, widgetViews.day], set: { views: sql`${widgetViews.views} + 1` } });
}

