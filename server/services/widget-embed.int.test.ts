import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SignJWT, UnsecuredJWT } from "jose";
import { insertOrganizationWithRoles } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { closeRateLimiters } from "@/server/http/rate-limit";
import { ingestEvents } from "@/server/ingest/store";
import { readMetrics } from "@/server/metrics/service";
import { callerFor } from "@/server/testing/caller";
import { outcome } from "@/server/testing/outcomes";
import { EMBED_AUDIENCE, openShareToken, openSignedToken, serveWidget } from "./widget-embed";
import { listWidgets } from "./widgets";


let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  await closeRateLimiters();
});

const NOW = new Date("2026-06-30T12:00:00Z");
const WIDGET = {
  name: "Acme revenue",
  metricKeys: ["revenue", "orders"],
  view: "kpi" as const,
  range: "90d",
  interval: null,
  theme: { mode: "light" as const, accent: "#17734f" },
  lockedSegment: { traits: { company: "Acme" } },
  viewerParams: ["range" as const],
  signedOrigins: ["https://portal.acme.example"],
};

/** Two organisations; A has customers of Acme (2 orders, 300) and of Globex (1 order, 1,000). */
async function setup() {
  const a = await insertOrganizationWithRoles(tdb.db);
  const b = await insertOrganizationWithRoles(tdb.db);
  const send = (orgId: string, events: unknown[]) => ingestEvents(tdb.db, { id: orgId, currency: "EUR" }, events, { now: NOW });
  await send(a.org.id, [
    { type: "customer.identified", customerId: "acme-1", timestamp: "2026-05-01T10:00:00Z", properties: { traits: { company: "Acme" } } },
    { type: "customer.identified", customerId: "globex-1", timestamp: "2026-05-01T10:00:00Z", properties: { traits: { company: "Globex" } } },
    { type: "order.placed", customerId: "acme-1", timestamp: "2026-05-02T10:00:00Z", properties: { orderId: "a1", total: 100 } },
    { type: "order.placed", customerId: "acme-1", timestamp: "2026-06-02T10:00:00Z", properties: { orderId: "a2", total: 200 } },
    { type: "order.placed", customerId: "globex-1", timestamp: "2026-06-03T10:00:00Z", properties: { orderId: "g1", total: 1000 } },
  ]);
  await send(b.org.id, [{ type: "order.placed", customerId: "b-1", timestamp: "2026-06-03T10:00:00Z", properties: { orderId: "b1", total: 5000 } }]);
  const adminA = callerFor(tdb.db, a.members.admin);
  const widget = await adminA.widget.create({ orgSlug: a.org.slug, ...WIDGET });
  const { secret } = await adminA.widget.rotateEmbedSecret({ orgSlug: a.org.slug });
  const { secret: secretB } = await callerFor(tdb.db, b.members.admin).widget.rotateEmbedSecret({ orgSlug: b.org.slug });
  return { a, b, adminA, widget, secret, secretB };
}

const key = (secret: string) => new TextEncoder().encode(secret);
const sign = (secret: string, claims: Record<string, unknown>, options: { alg?: string; exp?: number | null; aud?: string } = {}) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? "HS256" }).setAudience(options.aud ?? EMBED_AUDIENCE).setIssuedAt(Math.floor(NOW.getTime() / 1000));
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? Math.floor(NOW.getTime() / 1000) + 600);
  return jwt.sign(key(secret));
};

async function serveSigned(jwt: string, search = "") {
  return serveWidget(tdb.db, await openSignedToken(tdb.db, jwt, NOW), new URLSearchParams(search), NOW);
}
async function serveShared(token: string, search = "", now = NOW) {
  return serveWidget(tdb.db, await openShareToken(tdb.db, token, now), new URLSearchParams(search), now);
}
const values = (o: Awaited<ReturnType<typeof serveSigned>>) => (o.ok ? Object.fromEntries(o.read.metrics.map((m) => [m.key, m.value])) : o);

describe("embedded widgets: what a widget shows", () => {
  it("a share token shows the widget's locked segment only: Acme's 300 over 2 orders, never Globex's 1,000", async () => {
    const { a, adminA, widget } = await setup();
    const { token } = await adminA.widget.createShareToken({ orgSlug: a.org.slug, widgetId: widget.id, allowedOrigins: ["https://portal.acme.example/"], expiresAt: null });
    const served = await serveShared(token);
    expect(values(served)).toEqual({ revenue: 300, orders: 2 });
    expect(served.ok && served.frameAncestors).toEqual(["https://portal.acme.example"]);
    // The same numbers as the metric service with the same segment.
    const direct = await readMetrics(tdb.db, a.org.id, { keys: ["revenue"], from: served.ok ? served.read.from : "", to: served.ok ? served.read.to : "", segment: { traits: { company: "Acme" } } }, NOW);
    expect(direct.metrics[0]!.value).toBe(300);
  });

  it("a signed token may narrow the locked filters, never contradict them", async () => {
    const { widget, secret } = await setup();
    expect(values(await serveSigned(await sign(secret, { widget: widget.id, params: { segment: { traits: { company: "Acme" } } } })))).toEqual({ revenue: 300, orders: 2 });
    expect(values(await serveSigned(await sign(secret, { widget: widget.id, params: { segment: { loyalty: "member" } } })))).toEqual({ revenue: 0, orders: 0 });
    expect(await serveSigned(await sign(secret, { widget: widget.id, params: { segment: { traits: { company: "Globex" } } } }))).toMatchObject({ ok: false, status: 403, code: "locked_filter" });
  });

  it("the funnel and cohort views show their table metric; a table in a KPI is refused", async () => {
    const { a, adminA, secret } = await setup();
    const funnel = await adminA.widget.create({ orgSlug: a.org.slug, ...WIDGET, name: "Funnel", view: "funnel", metricKeys: ["checkout_step_exits"], lockedSegment: null });
    const served = await serveSigned(await sign(secret, { widget: funnel.id }));
    expect(served.ok && served.read.metrics[0]!.breakdown).toMatchObject({ rows: expect.any(Array) });
    const cohorts = await adminA.widget.create({ orgSlug: a.org.slug, ...WIDGET, name: "Cohorts", view: "cohort_heatmap", metricKeys: ["cohort_retention"], lockedSegment: null });
    const cohortRows = await serveSigned(await sign(secret, { widget: cohorts.id }));
    // Acme's and Globex's first orders (May and June) inside the last 90 days: two cohorts.
    expect(cohortRows.ok && (cohortRows.read.metrics[0]!.breakdown!.rows as { cohort: string }[]).map((r) => r.cohort)).toEqual(["2026-05", "2026-06"]);
    expect(await outcome(adminA.widget.create({ orgSlug: a.org.slug, ...WIDGET, metricKeys: ["checkout_step_exits"] }))).toBe("BAD_REQUEST");
    expect(await outcome(adminA.widget.create({ orgSlug: a.org.slug, ...WIDGET, view: "funnel", metricKeys: ["revenue"] }))).toBe("BAD_REQUEST");
  });

  it("counts each view per widget and day", async () => {
    const { a, widget, secret } = await setup();
    await serveSigned(await sign(secret, { widget: widget.id }));
    await serveSigned(await sign(secret, { widget: widget.id }));
    // A refused view is no view.
    await serveSigned(await sign(secret, { widget: widget.id, role: "admin" }));
    const [listed] = await listWidgets(tdb.db, a.org.id, NOW);
    expect(listed!.views30d).toBe(2);
  });
});

describe("embedded widgets: every attack is refused with a message", () => {
  it("URL parameters cannot add or change filters; only the parameters the widget allows, with valid values", async () => {
    const { a, adminA, widget } = await setup();
    const { token } = await adminA.widget.createShareToken({ orgSlug: a.org.slug, widgetId: widget.id, allowedOrigins: ["https://portal.acme.example"], expiresAt: null });
    expect(await serveShared(token, "t.company=Globex")).toMatchObject({ ok: false, status: 400, code: "unknown_parameter" });
    expect(await serveShared(token, "segment=%7B%7D")).toMatchObject({ ok: false, status: 400, code: "unknown_parameter" });
    expect(await serveShared(token, "interval=day")).toMatchObject({ ok: false, status: 403, code: "locked_parameter" });
    expect(await serveShared(token, "range=forever")).toMatchObject({ ok: false, status: 400, code: "invalid_parameter" });
    // The last 12 whole months end with May 2026: Acme's May order only, and still no Globex.
    const wider = await serveShared(token, "range=12m");
    expect(wider.ok && wider.range).toBe("12m");
    expect(values(wider)).toEqual({ revenue: 100, orders: 1 });
  });

  it("a revoked, an expired, an unknown or a malformed share token", async () => {
    const { a, adminA, widget } = await setup();
    const expiring = await adminA.widget.createShareToken({ orgSlug: a.org.slug, widgetId: widget.id, allowedOrigins: ["https://x.example"], expiresAt: new Date("2027-01-01T00:00:00Z") });
    expect(await serveShared(expiring.token, "", new Date("2027-01-01T00:00:01Z"))).toMatchObject({ ok: false, status: 410, code: "expired_link" });
    const revoked = await adminA.widget.createShareToken({ orgSlug: a.org.slug, widgetId: widget.id, allowedOrigins: ["https://x.example"], expiresAt: null });
    await adminA.widget.revokeShareToken({ orgSlug: a.org.slug, tokenId: revoked.id });
    expect(await serveShared(revoked.token)).toMatchObject({ ok: false, status: 410, code: "revoked_link" });
    expect(await serveShared(`ac_wgt_${"A".repeat(43)}`)).toMatchObject({ ok: false, status: 404, code: "unknown_link" });
    expect(await serveShared("../../etc/passwd")).toMatchObject({ ok: false, status: 404 });
  });

  it("a tampered, an expired, an unsigned (alg none), a differently signed or a wrong-audience token", async () => {
    const { widget, secret } = await setup();
    const good = await sign(secret, { widget: widget.id });
    const [header, payload, signature] = good.split(".");
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), params: { segment: {} } })).toString("base64url");
    expect(await serveSigned(`${header}.${widened}.${signature}`)).toMatchObject({ ok: false, status: 401, code: "invalid_signature" });
    expect(await serveSigned(await sign(secret, { widget: widget.id }, { exp: Math.floor(NOW.getTime() / 1000) - 1 }))).toMatchObject({ ok: false, status: 401, code: "expired_token" });
    const none = new UnsecuredJWT({ widget: widget.id, aud: EMBED_AUDIENCE, exp: Math.floor(NOW.getTime() / 1000) + 600 }).encode();
    expect(await serveSigned(none)).toMatchObject({ ok: false, status: 401 });
    expect(await serveSigned(await sign(secret, { widget: widget.id }, { alg: "HS512" }))).toMatchObject({ ok: false, status: 401, code: "invalid_token" });
    expect(await serveSigned(await sign(secret, { widget: widget.id }, { aud: "someone-else" }))).toMatchObject({ ok: false, status: 401, code: "invalid_token" });
    expect(await serveSigned(await sign(secret, { widget: widget.id }, { exp: null }))).toMatchObject({ ok: false, status: 401, code: "invalid_token" });
    expect(await serveSigned(await sign(secret, { widget: widget.id }, { exp: Math.floor(NOW.getTime() / 1000) + 86_400 }))).toMatchObject({ ok: false, status: 401, code: "token_lifetime_too_long" });
    expect(await serveSigned("not.a.jwt")).toMatchObject({ ok: false, status: 401, code: "invalid_token" });
    // A widget that does not exist answers like a bad signature: no oracle for widget ids.
    expect(await serveSigned(await sign(secret, { widget: "00000000-0000-4000-8000-000000000000" }))).toMatchObject({ ok: false, status: 401, code: "invalid_signature" });
  });

  it("share links name real sites: wildcards and CSP separators are refused", async () => {
    const { a, adminA, widget } = await setup();
    for (const origin of ["https://*", "https://*.example.com", "https://a.example;sandbox", "https://a.example,b.example", "https://a.example/path", "javascript:alert(1)"]) {
      expect(await outcome(adminA.widget.createShareToken({ orgSlug: a.org.slug, widgetId: widget.id, allowedOrigins: [origin], expiresAt: null })), origin).toBe("BAD_REQUEST");
    }
    expect(await outcome(adminA.widget.createShareToken({ orgSlug: a.org.slug, widgetId: widget.id, allowedOrigins: ["http://[::1]:8080", "https://portal.acme-corp.example:8443"], expiresAt: null }))).toBe("OK");
  });

  it("a token trait named like an object property is a trait like any other", async () => {
    const { widget, secret } = await setup();
    expect((await serveSigned(await sign(secret, { widget: widget.id, params: { segment: { traits: { constructor: "x" } } } }))).ok).toBe(true);
  });

  it("a signed token may fix the period; the URL then cannot change it, even where the widget lets viewers", async () => {
    const { widget, secret } = await setup();
    const fixed = await sign(secret, { widget: widget.id, params: { range: "12m" } });
    const served = await serveSigned(fixed);
    expect(served.ok && served.range).toBe("12m");
    expect(await serveSigned(fixed, "range=90d")).toMatchObject({ ok: false, status: 403, code: "locked_parameter" });
    expect(await serveSigned(await sign(secret, { widget: widget.id, params: { range: "forever" } }))).toMatchObject({ ok: false, status: 400, code: "invalid_params" });
  });

  it("unknown claims and unknown params are refused, not ignored", async () => {
    const { widget, secret } = await setup();
    expect(await serveSigned(await sign(secret, { widget: widget.id, role: "admin" }))).toMatchObject({ ok: false, status: 400, code: "unknown_claim" });
    expect(await serveSigned(await sign(secret, { widget: widget.id, params: { orgId: "other" } }))).toMatchObject({ ok: false, status: 400, code: "invalid_params" });
    expect(await serveSigned(await sign(secret, { widget: widget.id, params: { segment: { traits: {}, admin: true } } }))).toMatchObject({ ok: false, status: 400, code: "invalid_params" });
  });

  it("organisation B's secret opens none of A's widgets, and A's token cannot name B's widget", async () => {
    const { b, widget, secret, secretB } = await setup();
    expect(await serveSigned(await sign(secretB, { widget: widget.id }))).toMatchObject({ ok: false, status: 401, code: "invalid_signature" });
    const widgetB = await callerFor(tdb.db, b.members.admin).widget.create({ orgSlug: b.org.slug, ...WIDGET, lockedSegment: null });
    expect(await serveSigned(await sign(secret, { widget: widgetB.id }))).toMatchObject({ ok: false, status: 401, code: "invalid_signature" });
    // B's own token for B's widget shows B's data only.
    expect(values(await serveSigned(await sign(secretB, { widget: widgetB.id })))).toEqual({ revenue: 5000, orders: 1 });
  });

  it("a rotated secret stops the old tokens at once", async () => {
    const { a, adminA, widget, secret } = await setup();
    const old = await sign(secret, { widget: widget.id });
    expect((await serveSigned(old)).ok).toBe(true);
    const { secret: fresh } = await adminA.widget.rotateEmbedSecret({ orgSlug: a.org.slug });
    expect(await serveSigned(old)).toMatchObject({ ok: false, code: "invalid_signature" });
    expect((await serveSigned(await sign(fresh, { widget: widget.id }))).ok).toBe(true);
    const log = await adminA.audit.list({ orgSlug: a.org.slug, targetType: "embed_secret" });
    expect(log.items.map((e) => e.action)).toEqual(["embed_secret.rotated", "embed_secret.created"]);
    // The log names the secret by its prefix, never the secret.
    expect(JSON.stringify(log.items)).not.toContain(fresh.slice(14));
  });

  it("viewers cannot build widgets; analysts can; only admins rotate the secret; another organisation's widget is NOT_FOUND", async () => {
    const { a, b, widget } = await setup();
    expect(await outcome(callerFor(tdb.db, a.members.viewer).widget.create({ orgSlug: a.org.slug, ...WIDGET }))).toBe("FORBIDDEN");
    expect(await outcome(callerFor(tdb.db, a.members.analyst).widget.create({ orgSlug: a.org.slug, ...WIDGET }))).toBe("OK");
    expect(await outcome(callerFor(tdb.db, a.members.analyst).widget.rotateEmbedSecret({ orgSlug: a.org.slug }))).toBe("FORBIDDEN");
    expect(await outcome(callerFor(tdb.db, b.members.owner).widget.get({ orgSlug: b.org.slug, widgetId: widget.id }))).toBe("NOT_FOUND");
    expect(await outcome(callerFor(tdb.db, b.members.owner).widget.createShareToken({ orgSlug: b.org.slug, widgetId: widget.id, allowedOrigins: ["https://x.example"], expiresAt: null }))).toBe("NOT_FOUND");
  });
});
