import "server-only";
import { eq } from "drizzle-orm";
import { decodeJwt, errors as joseErrors, jwtVerify } from "jose";
import { z } from "zod";
import type { Executor } from "@/db";
import { organizations, widgetShareTokens, widgets } from "@/db/schema";
import { presetDays } from "@/lib/dashboard/parse-view";
import { periodOf, type ViewInterval } from "@/lib/dashboard/view";
import { segmentSchema, type Segment } from "@/lib/metrics/segment";
import { VIEWER_PARAMS, WIDGET_INTERVALS, WIDGET_RANGES, type WidgetRange } from "@/lib/widgets/options";
import { hashToken } from "@/server/auth/tokens";
import { consumeRateLimit } from "@/server/http/rate-limit";
import { readMetrics, type MetricReadResult } from "@/server/metrics/service";
import { readEmbedSecret } from "./embed-secrets";
import { countWidgetView, type Widget } from "./widgets";

/**
 * Serving a widget to another site. Two doors, one rule: the widget shows what it was made (and, for
 * a signed token, signed) for. Its filters come from the widget and the token only, never from the URL;
 * the URL may set only the parameters the widget lets viewers change, and anything else in it is
 * refused rather than ignored, so that a widened link fails loudly.
 */

export const EMBED_AUDIENCE = "aftercart:embed";
/** Signed tokens must expire within this long of being used: long-lived ones leak. */
export const MAX_TOKEN_LIFETIME_SECONDS = 3600;

export interface EmbedFailure {
  ok: false;
  status: 400 | 401 | 403 | 404 | 410 | 429;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

export interface EmbedSuccess {
  ok: true;
  widget: Widget;
  orgName: string;
  /** Sites the browser may show the widget in (CSP frame-ancestors). */
  frameAncestors: string[];
  segment: Segment | null;
  range: WidgetRange;
  interval: ViewInterval | null;
  read: MetricReadResult;
}

export type EmbedOutcome = EmbedSuccess | EmbedFailure;

const fail = (status: EmbedFailure["status"], code: string, message: string): EmbedFailure => ({ ok: false, status, code, message });

interface Door {
  widget: Widget;
  orgName: string;
  frameAncestors: string[];
  /** Filters the token adds to the widget's own (signed embedding). */
  tokenSegment: Segment | null;
  /** Period and interval a signed token fixes: the URL can then no longer change them. */
  tokenView: { range?: WidgetRange; interval?: ViewInterval };
  /** Whose budget a view spends: one share link, or one signed audience (widget and token filters). */
  budgetKey: string;
}

async function widgetWithOrg(db: Executor, widgetId: string) {
  const [row] = await db
    .select({ widget: widgets, orgName: organizations.name })
    .from(widgets)
    .innerJoin(organizations, eq(organizations.id, widgets.orgId))
    .where(eq(widgets.id, widgetId));
  return row ?? null;
}

/**
 * Every request spends the visitor address's budget before any door opens, so that guessing links or
 * forging tokens is slow, and one address cannot spend a widget's budget for everyone else.
 */
export async function admitAddress(ip: string): Promise<EmbedFailure | null> {
  const limited = await consumeRateLimit("embed_ip", ip);
  return limited ? { ...fail(429, "rate_limited", `Too many widget views from your address; try again in ${limited.retryAfterSeconds} s.`), retryAfterSeconds: limited.retryAfterSeconds } : null;
}

export async function openShareToken(db: Executor, token: string, now: Date): Promise<Door | EmbedFailure> {
  if (!/^ac_wgt_[\w-]{43}$/.test(token)) return fail(404, "unknown_link", "This widget link is not valid.");
  const [share] = await db.select().from(widgetShareTokens).where(eq(widgetShareTokens.tokenHash, hashToken(token)));
  if (!share) return fail(404, "unknown_link", "This widget link is not valid.");
  if (share.revokedAt) return fail(410, "revoked_link", "This widget link has been revoked by its owner.");
  if (share.expiresAt && share.expiresAt <= now) return fail(410, "expired_link", "This widget link has expired.");
  const found = await widgetWithOrg(db, share.widgetId);
  if (!found || found.widget.orgId !== share.orgId) return fail(404, "unknown_widget", "This widget no longer exists.");
  return { widget: found.widget, orgName: found.orgName, frameAncestors: share.allowedOrigins, tokenSegment: null, tokenView: {}, budgetKey: `share:${share.id}` };
}

const ALLOWED_CLAIMS = new Set(["widget", "params", "exp", "iat", "nbf", "aud", "jti"]);
const tokenParams = z
  .object({
    segment: segmentSchema.optional(),
    range: z.enum(WIDGET_RANGES as [WidgetRange, ...WidgetRange[]]).optional(),
    interval: z.enum(WIDGET_INTERVALS as [ViewInterval, ...ViewInterval[]]).optional(),
  })
  .strict();

export async function openSignedToken(db: Executor, jwt: string, now: Date): Promise<Door | EmbedFailure> {
  let unverified: Record<string, unknown>;
  try {
    unverified = decodeJwt(jwt);
  } catch {
    return fail(401, "invalid_token", "The embed token is not a JWT.");
  }
  // Which organisation's secret to check against is named by the widget the token claims; nothing
  // else is read before the signature holds.
  const widgetId = typeof unverified.widget === "string" && z.uuid().safeParse(unverified.widget).success ? unverified.widget : null;
  if (!widgetId) return fail(401, "invalid_token", 'The embed token must name its widget in a "widget" claim.');
  // An unknown widget, an organisation without a secret and a bad signature answer alike: a stranger
  // learns nothing about which widget ids exist.
  const refused = fail(401, "invalid_signature", "The embed token's signature does not match the embed secret of the widget's organisation.");
  const found = await widgetWithOrg(db, widgetId);
  if (!found) return refused;
  let secret: Uint8Array | null;
  try {
    secret = await readEmbedSecret(db, found.widget.orgId);
  } catch (error) {
    // Stored under another AUTH_SECRET: the organisation must rotate its embed secret.
    console.error(`[embed] the embed secret of organisation ${found.widget.orgId} cannot be read (AUTH_SECRET changed?)`, error);
    return refused;
  }
  if (!secret) return refused;
  let claims: Record<string, unknown>;
  try {
    // HS256 only: "none", RS256 with the secret as a public key and every other algorithm are refused.
    ({ payload: claims } = await jwtVerify(jwt, secret, { algorithms: ["HS256"], audience: EMBED_AUDIENCE, requiredClaims: ["exp"], currentDate: now }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return fail(401, "expired_token", "The embed token has expired: sign a fresh one for each page view.");
    if (error instanceof joseErrors.JWTClaimValidationFailed) return fail(401, "invalid_token", `The embed token's "${error.claim}" claim is not valid (${error.reason}).`);
    if (error instanceof joseErrors.JOSEAlgNotAllowed) return fail(401, "invalid_token", "The embed token must be signed with HS256.");
    return fail(401, "invalid_signature", "The embed token's signature does not match this organisation's embed secret.");
  }
  if (Number(claims.exp) - now.getTime() / 1000 > MAX_TOKEN_LIFETIME_SECONDS) {
    return fail(401, "token_lifetime_too_long", `The embed token must expire within ${MAX_TOKEN_LIFETIME_SECONDS / 60} minutes.`);
  }
  const unknown = Object.keys(claims).filter((c) => !ALLOWED_CLAIMS.has(c));
  if (unknown.length) return fail(400, "unknown_claim", `The embed token carries claims Aftercart does not know: ${unknown.join(", ")}.`);
  const params = tokenParams.safeParse(claims.params ?? {});
  if (!params.success) {
    const issue = params.error.issues[0]!;
    return fail(400, "invalid_params", `The embed token's params${issue.path.length ? `.${issue.path.join(".")}` : ""}: ${issue.message}.`);
  }
  const { segment, ...tokenView } = params.data;
  const tokenSegment = segment ?? null;
  return { widget: found.widget, orgName: found.orgName, frameAncestors: found.widget.signedOrigins, tokenSegment, tokenView, budgetKey: `signed:${JSON.stringify(params.data)}` };
}

/**
 * The widget's locked filters and the token's, both applied. A token may narrow (add a trait filter,
 * pick members only) but never contradict the widget: that would be an attempt to widen it.
 */
export function combineSegments(locked: Segment | null, token: Segment | null): { ok: true; segment: Segment | null } | EmbedFailure {
  if (!token) return { ok: true, segment: locked };
  if (!locked) return { ok: true, segment: token };
  const traits = { ...(locked.traits ?? {}) };
  for (const [key, value] of Object.entries(token.traits ?? {})) {
    if (Object.hasOwn(traits, key) && traits[key] !== value) return fail(403, "locked_filter", `The widget is locked to ${key} = ${JSON.stringify(traits[key])}; the token cannot change it.`);
    traits[key] = value;
  }
  const combined: Segment = { ...(Object.keys(traits).length ? { traits } : {}) };
  for (const part of ["loyalty", "engagement", "cohort"] as const) {
    if (locked[part] && token[part] && locked[part] !== token[part]) return fail(403, "locked_filter", `The widget is locked to ${part} = ${locked[part]}; the token cannot change it.`);
    const value = locked[part] ?? token[part];
    if (value) Object.assign(combined, { [part]: value });
  }
  return { ok: true, segment: combined };
}

/**
 * The viewer's parameters from the URL: only those the widget allows and a signed token did not fix,
 * only valid values, nothing else.
 */
export function viewerChoices(
  widget: Widget,
  search: URLSearchParams,
  tokenView: { range?: WidgetRange; interval?: ViewInterval } = {},
): { ok: true; range: WidgetRange; interval: ViewInterval | null } | EmbedFailure {
  let range = tokenView.range ?? (widget.range as WidgetRange);
  let interval = tokenView.interval ?? (widget.interval as ViewInterval | null);
  for (const key of new Set(search.keys())) {
    if (!(VIEWER_PARAMS as readonly string[]).includes(key)) {
      return fail(400, "unknown_parameter", `The embed URL carries "${key}", which a widget does not take: its filters are locked by the widget and its token.`);
    }
    if (!widget.viewerParams.includes(key)) return fail(403, "locked_parameter", `This widget does not let viewers change the ${key}.`);
    if (key in tokenView) return fail(403, "locked_parameter", `The embed token fixes the ${key}; the URL cannot change it.`);
    const value = search.get(key)!;
    if (key === "range") {
      if (!(WIDGET_RANGES as string[]).includes(value)) return fail(400, "invalid_parameter", `range must be one of ${WIDGET_RANGES.join(", ")}.`);
      range = value as WidgetRange;
    } else {
      if (!(WIDGET_INTERVALS as string[]).includes(value)) return fail(400, "invalid_parameter", `interval must be one of ${WIDGET_INTERVALS.join(", ")}.`);
      interval = value as ViewInterval;
    }
  }
  return { ok: true, range, interval };
}

/** What a widget shows for a period preset: its metrics in the organisation's zone, with the previous period. */
export async function readWidget(
  db: Executor,
  orgId: string,
  widget: { metricKeys: string[] },
  choices: { range: WidgetRange; interval: ViewInterval | null },
  segment: Segment | null,
  now: Date,
): Promise<MetricReadResult> {
  const [org] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
  const days = presetDays(choices.range, org!.timeZone, now);
  return readMetrics(db, orgId, { keys: widget.metricKeys, ...periodOf(days), interval: choices.interval, segment, compare: true }, now);
}

/** Everything between a door and a rendered widget: parameters, filters, rate limit, the read, the count. */
export async function serveWidget(db: Executor, door: Door | EmbedFailure, search: URLSearchParams, now = new Date()): Promise<EmbedOutcome> {
  if ("ok" in door) return door;
  const { widget } = door;
  const choices = viewerChoices(widget, search, door.tokenView);
  if (!choices.ok) return choices;
  const segment = combineSegments(widget.lockedSegment ?? null, door.tokenSegment);
  if (!segment.ok) return segment;
  const limited = await consumeRateLimit("embed", `${widget.id}:${door.budgetKey}`);
  if (limited) return { ...fail(429, "rate_limited", `This widget is being viewed very often; try again in ${limited.retryAfterSeconds} s.`), retryAfterSeconds: limited.retryAfterSeconds };
  const read = await readWidget(db, widget.orgId, widget, choices, segment.segment, now);
  await countWidgetView(db, widget.orgId, widget.id, now);
  return { ok: true, widget, orgName: door.orgName, frameAncestors: door.frameAncestors, segment: segment.segment, range: choices.range, interval: choices.interval, read };
}
