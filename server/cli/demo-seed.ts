import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { auditLogs, events, exchangeRates, memberships, organizations } from "@/db/schema";
import type { Executor } from "@/db";
import { DEMO_BATCH_SIZE, generateDemoEvents } from "@/server/demo/generate";
import { demoExchangeRates, isDemoCurrency } from "@/server/demo/money";
import { DomainError, badRequest, notFound } from "@/server/errors";
import { ingestEvents } from "@/server/ingest/store";
import { refreshCheckoutSummaries } from "@/server/ingest/checkout-summaries";
import { refreshVisitSessions } from "@/server/ingest/visit-sessions";
import { createUser, findUserByEmail } from "@/server/services/accounts";
import { recordAudit } from "@/server/services/audit";
import { applyPreset } from "@/server/services/benchmarks";
import { saveLoyaltyProgram } from "@/server/services/loyalty-programs";
import { createOrganization } from "@/server/services/organizations";
import { REFERRAL_POINTS, REVIEW_POINTS, REWARD_EUR, REWARD_POINTS, SIGNUP_POINTS } from "@/server/demo/loyalty";

/** The demo's account and organisation. The password is public: the README and the demo print it. */
export const DEMO_ACCOUNT = {
  name: "Demo",
  email: "demo@aftercart.local",
  password: "aftercart-demo-2026",
  orgName: "Demo",
  orgSlug: "demo",
} as const;

export interface DemoOrganization {
  orgSlug: string;
  email: string;
  password: string;
  /** True when this call created the account or the organisation; false when both were there. */
  created: boolean;
}

/**
 * Makes sure the demo account exists and owns the "demo" organisation. Idempotent: a second call
 * finds both and changes nothing (an existing account keeps its password).
 */
export async function ensureDemoOrganization(db: Executor): Promise<DemoOrganization> {
  return db.transaction(async (tx) => {
    let created = false;
    let user = await findUserByEmail(tx, DEMO_ACCOUNT.email);
    if (!user) {
      user = await createUser(tx, { name: DEMO_ACCOUNT.name, email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password });
      created = true;
    }
    const [org] = await tx.select().from(organizations).where(eq(organizations.slug, DEMO_ACCOUNT.orgSlug));
    if (!org) {
      const actor = { userId: user.id, label: `cli (${DEMO_ACCOUNT.email})` };
      const made = await createOrganization(tx, actor, { name: DEMO_ACCOUNT.orgName, slug: DEMO_ACCOUNT.orgSlug, currency: "EUR", timeZone: "UTC", industry: "ecommerce" });
      // What a merchant would have set up: the e-commerce targets, and the loyalty programme the demo
      // shop's events follow (server/demo/loyalty.ts: 1 point per euro, 250 points buy a 5 EUR reward).
      await applyPreset(tx, actor, made.id, "industry.ecommerce");
      await saveLoyaltyProgram(tx, actor, made.id, DEMO_LOYALTY_PROGRAM);
      created = true;
    } else {
      // Someone else's "demo" organisation is not handed to an account whose password is public.
      const [member] = await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, user.id)));
      if (!member) {
        throw new DomainError(
          "CONFLICT",
          `This database already has an organisation "${DEMO_ACCOUNT.orgSlug}" that ${DEMO_ACCOUNT.email} is not a member of; ` +
            "the demo will not take it over. Run the demo on another database (DATABASE_URL).",
        );
      }
    }
    return { orgSlug: DEMO_ACCOUNT.orgSlug, email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password, created };
  });
}

const DEMO_LOYALTY_PROGRAM = {
  name: "Trail Rewards",
  pointsPerCurrencyUnit: 1,
  signUpBonus: SIGNUP_POINTS,
  referralBonus: REFERRAL_POINTS,
  reviewBonus: REVIEW_POINTS,
  pointValue: REWARD_EUR / REWARD_POINTS,
  tiers: [
    { name: "Green", threshold: 0 },
    { name: "Silver", threshold: 1000 },
    { name: "Gold", threshold: 2500 },
  ],
  deriveFromOrders: false,
};

/** The data set `npm run demo` loads on its first start. */
export const DEMO_DATA = { seed: 1, customers: 2_000 } as const;

const LOAD_STARTED = "demo.data_load_started";
const LOAD_FINISHED = "demo.data_loaded";

export interface DemoLoadOptions {
  seed: number;
  customers: number;
  /** The end of the generated year of history; at most a minute ahead of the clock. */
  now: Date;
  /**
   * The demo's first start: load only into an organisation without events, and finish a load that
   * was interrupted (with its original seed, size and "now", so that nothing is stored twice).
   */
  firstStartOnly?: boolean;
  /** Who the audit log names for the load. */
  actorLabel?: string;
}

export interface DemoLoadProgress {
  customersDone: number;
  customers: number;
  /** Events generated and handed to ingest so far. */
  events: number;
  elapsedMs: number;
}

export type DemoLoadResult =
  | { status: "skipped"; reason: string }
  | {
      status: "loaded";
      /** True when this call finished an earlier, interrupted load. */
      resumed: boolean;
      seed: number;
      customers: number;
      now: string;
      currency: string;
      events: number;
      accepted: number;
      duplicates: number;
      rejected: number;
      /** The first few rejections, which would be a bug in the generator. */
      rejections: string[];
      seconds: number;
    };

const loadParams = z.object({ seed: z.number().int(), customers: z.number().int(), now: z.iso.datetime() });

async function auditedLoads(db: Executor, orgId: string) {
  const rows = await db
    .select({ action: auditLogs.action, after: auditLogs.after })
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), inArray(auditLogs.action, [LOAD_STARTED, LOAD_FINISHED])))
    .orderBy(desc(auditLogs.id));
  const started = rows.find((r) => r.action === LOAD_STARTED);
  return { finished: rows.some((r) => r.action === LOAD_FINISHED), started: started ? loadParams.safeParse(started.after).data ?? null : null };
}

/**
 * Streams the generated demo data (server/demo) into an organisation through ingestEvents, in
 * batches of 500 with source "demo", exactly as if a merchant had sent it. The load is recorded in
 * the audit log when it starts and when it ends; the event ids are deterministic, so loading the
 * same seed, size and "now" twice stores everything once.
 */
export async function loadDemoData(
  db: Executor,
  orgId: string,
  options: DemoLoadOptions,
  onProgress: (progress: DemoLoadProgress) => void = () => {},
): Promise<DemoLoadResult> {
  const [org] = await db.select({ id: organizations.id, currency: organizations.currency }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw notFound("The organisation");

  let { seed, customers, now } = options;
  let resumed = false;
  if (options.firstStartOnly) {
    const audited = await auditedLoads(db, org.id);
    if (audited.finished) return { status: "skipped", reason: "The demo data is already loaded." };
    if (audited.started) {
      ({ seed, customers } = audited.started);
      now = new Date(audited.started.now);
      resumed = true;
    } else if ((await db.$count(events, eq(events.orgId, org.id))) > 0) {
      return { status: "skipped", reason: "The organisation already has events; the demo data is not added to them." };
    }
  }
  if (now.getTime() > Date.now() + 60_000) throw badRequest("The demo's \"now\" cannot be in the future: events more than an hour ahead are rejected.", "now");
  const currency = isDemoCurrency(org.currency) ? org.currency : "EUR";
  const actor = { userId: null, label: options.actorLabel ?? "demo" };
  const params = { seed, customers, now: now.toISOString(), currency };
  if (!resumed) await recordAudit(db, { orgId: org.id, actor, action: LOAD_STARTED, targetType: "organization", targetId: org.id, after: params });

  if (isDemoCurrency(org.currency)) {
    await db
      .insert(exchangeRates)
      .values(demoExchangeRates(org.currency, now).map((r) => ({ orgId: org.id, ...r })))
      .onConflictDoNothing();
  }

  const started = performance.now();
  const totals = { events: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const rejections: string[] = [];
  let customersDone = 0;
  const ingestOrg = { id: org.id, currency: org.currency };
  for await (const batch of generateDemoEvents({ seed, customers, now, currency, batchSize: DEMO_BATCH_SIZE, onProgress: (done) => (customersDone = done) })) {
    const result = await ingestEvents(db, ingestOrg, batch, { source: "demo" });
    totals.events += batch.length;
    totals.accepted += result.accepted;
    totals.duplicates += result.duplicates;
    totals.rejected += result.rejected.length;
    for (const r of result.rejected.slice(0, 5 - rejections.length)) rejections.push(`${batch[r.index]!.id}: ${r.message}`);
    onProgress({ customersDone, customers, events: totals.events, elapsedMs: performance.now() - started });
  }
  // Statistics for the tables the load filled, before anything reads them. The embedded database has
  // no autovacuum, and without statistics PostgreSQL plans the dashboards' joins for empty tables.
  await db.execute(sql`analyze`);
  // The load named every visitor and checkout: their sessions and checkouts are built now, in one pass, not by the first dashboard read.
  await refreshVisitSessions(db, org.id);
  await refreshCheckoutSummaries(db, org.id);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  await recordAudit(db, { orgId: org.id, actor, action: LOAD_FINISHED, targetType: "organization", targetId: org.id, after: { ...params, ...totals, seconds } });
  return { status: "loaded", resumed, ...params, ...totals, rejections, seconds };
}

/** The id of the demo organisation (after ensureDemoOrganization). */
export async function demoOrganizationId(db: Executor): Promise<string> {
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_ACCOUNT.orgSlug));
  if (!org) throw notFound(`The "${DEMO_ACCOUNT.orgSlug}" organisation`);
  return org.id;
}
