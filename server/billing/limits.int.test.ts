import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { billingAccounts, events, usageCounters } from "@/db/schema";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { addMember, insertOrganizationWithKeys, insertUser } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { restHandler } from "@/server/http/handler";
import { handleEventsPost } from "@/server/ingest/http";
import { postSegment } from "@/server/ingest/segment/http";
import { processImportJob } from "@/server/ingest/csv/process";
import { stageImport } from "@/server/ingest/csv/testing";
import { acceptInvitation, createInvitation, revokeInvitation } from "@/server/services/invitations";
import { createWidget } from "@/server/services/widgets";
import { FAKE_PRICES } from "@/server/testing/fake-stripe";
import { forgetUsageReads } from "./meter";
import { notifyQuotaCrossing } from "./notify";
import { billingOverview } from "./overview";
import { usagePeriod } from "./standing";

// Billing is on for this file: lib/env reads the environment when it is first imported.
vi.hoisted(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_fake";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_test_fake_stripe_secret";
  process.env.STRIPE_PRICE_GROWTH = "price_growth_test";
  process.env.STRIPE_PRICE_SCALE = "price_scale_test";
});

const POST = restHandler(handleEventsPost, { cors: true });

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());
afterEach(() => vi.restoreAllMocks());

async function shop() {
  const keys = await insertOrganizationWithKeys(tdb.db);
  const owner = await insertUser(tdb.db);
  await addMember(tdb.db, keys.org.id, owner.id, "owner");
  return { ...keys, owner, actor: { userId: owner.id, label: owner.email } };
}

/** Sets a period's count (the calendar month's by default) as if that many events had been stored already. */
async function setUsage(orgId: string, count: number, periodStart = usagePeriod(null, new Date()).start) {
  await tdb.db.delete(usageCounters).where(and(eq(usageCounters.orgId, orgId), eq(usageCounters.periodStart, periodStart)));
  await tdb.db.insert(usageCounters).values({ orgId, periodStart, shard: 0, events: count });
  // The meter keeps its quota reads for a second: read the database again.
  forgetUsageReads();
}

const send = (key: string, batch: unknown[]) =>
  POST(new Request("http://localhost/api/v1/events", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ batch }) }));

const view = (id: string) => ({ id, type: "page.viewed", anonymousId: "visitor" });

describe("the event quota (Free: 10,000 per period, refused from 11,000)", () => {
  it("counts stored events only: duplicates and rejected events are free", async () => {
    const { org, ingestKey } = await shop();
    await send(ingestKey, [view("a"), view("a"), { type: "nope" }]);
    await send(ingestKey, [view("a"), view("b")]);
    expect((await billingOverview(tdb.db, org.id)).usage).toMatchObject({ events: 2, quota: 10_000, level: "ok" });
  });

  it("tells the owners once at 80 %, once at 100 %, keeps accepting through the grace margin, then answers 429 naming the plan and the limit", async () => {
    const { org, ingestKey, owner } = await shop();
    const mail = vi.spyOn(console, "info").mockImplementation(() => {});
    const mailsTo = () => mail.mock.calls.map((c) => String(c[0])).filter((line) => line.includes(`to=${owner.email}`));

    await setUsage(org.id, 7_999);
    expect((await send(ingestKey, [view("w1")])).status).toBe(200);
    expect(mailsTo()).toHaveLength(1);
    expect(mailsTo()[0]).toContain("80% of its Free event quota");
    expect((await billingOverview(tdb.db, org.id)).usage.level).toBe("warning");
    await send(ingestKey, [view("w2")]);
    expect(mailsTo()).toHaveLength(1);

    await setUsage(org.id, 9_999);
    await send(ingestKey, [view("r1"), view("r2")]);
    expect(mailsTo()).toHaveLength(2);
    expect(mailsTo()[1]).toContain("has used its Free event quota");
    expect((await billingOverview(tdb.db, org.id)).usage).toMatchObject({ events: 10_001, level: "reached" });

    // In the grace margin: still stored.
    await setUsage(org.id, 10_999);
    expect((await send(ingestKey, [view("g1"), view("g2")])).status).toBe(200);
    const stored = await tdb.db.$count(events, eq(events.orgId, org.id));

    const refused = await send(ingestKey, [view("x1")]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await refused.json()) as { error: { code: string; message: string; details: { plan: string; quota: number } } };
    expect(body.error.code).toBe("quota_exceeded");
    expect(body.error.message).toMatch(/the Free plan includes 10,000 events per billing period and this organisation has stored 11,001/);
    expect(body.error.details).toMatchObject({ plan: "free", quota: 10_000 });
    expect(await tdb.db.$count(events, eq(events.orgId, org.id))).toBe(stored);
    expect((await billingOverview(tdb.db, org.id)).usage.level).toBe("blocked");

    // The Segment door holds to the same quota.
    const segment = await postSegment(
      new Request("http://localhost/api/segment/v1/track", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${ingestKey}:`).toString("base64")}` },
        body: JSON.stringify({ event: "Order Completed", anonymousId: "v", properties: { order_id: "o1", total: 5 } }),
      }),
      "track",
    );
    expect(segment.status).toBe(429);
  });

  it("a period already past a threshold without a notice (two concurrent batches that did not see each other) gets it with the next batch, once", async () => {
    const { org, ingestKey, owner } = await shop();
    const mail = vi.spyOn(console, "info").mockImplementation(() => {});
    await setUsage(org.id, 10_400);
    await send(ingestKey, [view("late1")]);
    await send(ingestKey, [view("late2")]);
    const notices = mail.mock.calls.map((c) => String(c[0])).filter((line) => line.includes(`to=${owner.email}`));
    // 100 % settles 80 % too: one notice, the one that matters now.
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("has used its Free event quota");
  });

  it("a plan changed within the period gets its own notices: Growth's 80 % after Free's 100 %", async () => {
    const { org } = await shop();
    const mail = vi.spyOn(console, "info").mockImplementation(() => {});
    const period = usagePeriod(null, new Date());
    expect(await notifyQuotaCrossing(tdb.db, org.id, { level: "reached", plan: "free", period, events: 10_000 })).toBe(true);
    expect(await notifyQuotaCrossing(tdb.db, org.id, { level: "warning", plan: "free", period, events: 10_001 })).toBe(false);
    expect(await notifyQuotaCrossing(tdb.db, org.id, { level: "warning", plan: "growth", period, events: 400_000 })).toBe(true);
    expect(await notifyQuotaCrossing(tdb.db, org.id, { level: "warning", plan: "growth", period, events: 400_001 })).toBe(false);
    expect(mail).toHaveBeenCalled();
  });

  it("a paid plan's quota applies while its subscription is live, Free's once it is canceled", async () => {
    const { org, ingestKey } = await shop();
    const now = new Date();
    const periodStart = new Date(now.getTime() - 86_400_000);
    await tdb.db.insert(billingAccounts).values({
      orgId: org.id,
      stripeCustomerId: "cus_paid",
      subscriptionId: "sub_paid",
      plan: "growth",
      priceId: FAKE_PRICES.growth,
      status: "active",
      currentPeriodStart: periodStart,
      currentPeriodEnd: new Date(periodStart.getTime() + 30 * 86_400_000),
    });
    await setUsage(org.id, 20_000, periodStart);
    expect((await send(ingestKey, [view("p1")])).status).toBe(200);
    expect((await billingOverview(tdb.db, org.id)).usage).toMatchObject({ events: 20_001, quota: 500_000 });

    await tdb.db.update(billingAccounts).set({ status: "canceled" }).where(eq(billingAccounts.orgId, org.id));
    await setUsage(org.id, 11_000);
    expect((await send(ingestKey, [view("p2")])).status).toBe(429);
  });
});

describe("a CSV import that reaches the quota", () => {
  it("stops where the grace margin runs out, keeps what came before, and the same file imported later stores only the rest", async () => {
    const { org, owner } = await shop();
    const dir = await mkdtemp(path.join(tmpdir(), "aftercart-quota-"));
    try {
      const lines = ["order_id,customer_id,date,total"];
      for (let i = 1; i <= 300; i++) lines.push(`o${i},c${i % 20},2026-01-01 10:00:00,${i}.5`);
      const csv = `${lines.join("\n")}\n`;
      const mapping = { format: "orders", columns: { orderId: "order_id", customerId: "customer_id", timestamp: "date", total: "total" } };
      // 10,850 stored: the first batch of 100 brings it to 10,950, the second to 11,050, the third is refused.
      await setUsage(org.id, 10_850);
      const first = await stageImport(tdb.db, { orgId: org.id, userId: owner.id, directory: dir, csv, mapping });
      const stopped = await processImportJob(tdb.db, org.id, first.id, { filePath: first.filePath, batchSize: 100, progressIntervalMs: 0 });
      expect(stopped).toMatchObject({ status: "failed", accepted: 200 });
      expect(stopped!.error).toMatch(/^Stopped before line 202: The Free plan includes 10,000 events .* Import the same file again then: rows already imported are skipped\.$/);
      expect(await tdb.db.$count(events, eq(events.orgId, org.id))).toBe(200);

      // A new period (or an upgrade): the same file stores the 100 rows that were left.
      await setUsage(org.id, 0);
      const again = await stageImport(tdb.db, { orgId: org.id, userId: owner.id, directory: dir, csv, mapping });
      const finished = await processImportJob(tdb.db, org.id, again.id, { filePath: again.filePath, batchSize: 100, progressIntervalMs: 0 });
      expect(finished).toMatchObject({ status: "succeeded", accepted: 100, duplicates: 200 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("seats and widgets", () => {
  it("invitations count as seats: Free's second seat is the last, a revoked invitation frees it, and acceptance is refused when members fill the plan", async () => {
    const { org, actor } = await shop();
    const first = await createInvitation(tdb.db, actor, "owner", org, { email: "ana@example.test", role: "analyst" });
    await expect(createInvitation(tdb.db, actor, "owner", org, { email: "ben@example.test", role: "viewer" })).rejects.toThrow(
      /The Free plan includes 2 seats and all are taken \(1 member and 1 open invitation\)/,
    );
    // Re-inviting the same address replaces its invitation and needs no new seat.
    const again = await createInvitation(tdb.db, actor, "owner", org, { email: "ana@example.test", role: "viewer" });
    await revokeInvitation(tdb.db, actor, org, again.id);
    const ben = await createInvitation(tdb.db, actor, "owner", org, { email: "ben@example.test", role: "viewer" });
    expect(first.id).not.toBe(ben.id);

    // A member added meanwhile (e.g. before a downgrade) fills the plan: the open invitation cannot be accepted.
    const extra = await insertUser(tdb.db);
    await addMember(tdb.db, org.id, extra.id, "viewer");
    const benUser = await insertUser(tdb.db, { email: "ben@example.test" });
    const token = new URL(ben.link).pathname.split("/").at(-1)!;
    await expect(acceptInvitation(tdb.db, { id: benUser.id, email: benUser.email }, token)).rejects.toThrow(/Free plan includes 2 seats and all are taken \(2 members\)/);
  });

  it("widgets stop at the plan's limit with a message that says what to do", async () => {
    const { org, actor } = await shop();
    const widget = { name: "Revenue", metricKeys: ["revenue"], view: "kpi" as const, range: "30d", interval: null, theme: { mode: "light" as const, accent: "#17734f" }, lockedSegment: null, viewerParams: [], signedOrigins: [] };
    await createWidget(tdb.db, actor, org.id, widget);
    await expect(createWidget(tdb.db, actor, org.id, { ...widget, name: "Second" })).rejects.toThrow(/The Free plan includes 1 widget and this organisation has 1\. Delete one or upgrade/);
  });
});
