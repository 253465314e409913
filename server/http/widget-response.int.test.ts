import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { insertOrganizationWithRoles } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { EMBED_AUDIENCE } from "@/server/services/widget-embed";
import { callerFor } from "@/server/testing/caller";
import { closeRateLimiters } from "./rate-limit";
import { handleShareEmbed, handleSignedEmbed } from "./widget-response";


let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  await closeRateLimiters();
});

const WIDGET = {
  name: "Revenue",
  metricKeys: ["revenue"],
  view: "line" as const,
  range: "30d",
  interval: "day",
  theme: { mode: "dark" as const, accent: "#1d4ed8" },
  lockedSegment: null,
  viewerParams: [],
  signedOrigins: ["https://portal.example.com"],
};

const get = (handler: typeof handleShareEmbed, path: string, token: string) =>
  handler(new Request(`http://localhost${path}`), { params: Promise.resolve({ token }) });

describe("the embed routes' answers", () => {
  it("a share link: HTML with the CSP frame-ancestors of its sites, a nonce, no cookie, a short private cache", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const admin = callerFor(tdb.db, members.admin);
    const widget = await admin.widget.create({ orgSlug: org.slug, ...WIDGET });
    const { token } = await admin.widget.createShareToken({ orgSlug: org.slug, widgetId: widget.id, allowedOrigins: ["https://a.example", "https://b.example:8443"], expiresAt: null });
    const response = await get(handleShareEmbed, `/embed/w/${token}`, token);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors https://a.example https://b.example:8443");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(response.headers.get("set-cookie")).toBeNull();
    // Asked again every time: a revoked link stops at once, and every view is counted.
    expect(response.headers.get("cache-control")).toBe("private, no-cache");
    const html = await response.text();
    expect(html).toContain('<main data-widget-view="line">');
    expect(html).toContain("/embed/chart.js?v=");
  });

  it("a signed token: the widget's own signing origins; a bad token is a readable error page with its status and code", async () => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const admin = callerFor(tdb.db, members.admin);
    const widget = await admin.widget.create({ orgSlug: org.slug, ...WIDGET });
    const { secret } = await admin.widget.rotateEmbedSecret({ orgSlug: org.slug });
    const jwt = await new SignJWT({ widget: widget.id }).setProtectedHeader({ alg: "HS256" }).setAudience(EMBED_AUDIENCE).setExpirationTime("10m").sign(new TextEncoder().encode(secret));
    const ok = await get(handleSignedEmbed, `/embed/t/${jwt}`, jwt);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-security-policy")).toContain("frame-ancestors https://portal.example.com");
    const bad = await get(handleSignedEmbed, `/embed/t/${jwt}x`, `${jwt}x`);
    expect(bad.status).toBe(401);
    expect(bad.headers.get("x-widget-error")).toBe("invalid_signature");
    expect(await bad.text()).toContain("signature does not match");
    expect(bad.headers.get("cache-control")).toBe("no-store");
  });

  it("one address gets its own budget before any door opens: guessing links is slow, and answered with Retry-After", async () => {
    const guess = `ac_wgt_${"x".repeat(43)}`;
    const from = (ip: string) => handleShareEmbed(new Request(`http://localhost/embed/w/${guess}`, { headers: { "x-forwarded-for": ip } }), { params: Promise.resolve({ token: guess }) });
    for (let i = 0; i < 300; i++) expect((await from("198.51.100.9")).status).toBe(404);
    const limited = await from("198.51.100.9");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await from("198.51.100.10")).status).toBe(404);
  });
});
