import "server-only";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { loyaltyPrograms } from "@/db/schema";
import { derivePoints, outstandingPoints, tierOf } from "@/lib/loyalty/points";
import type { LoyaltyProgramInput } from "@/lib/validation/loyalty";
import { loadMetricSettings, type MetricContext } from "@/server/metrics/context";
import { firstEventPerCustomer } from "@/server/metrics/keyed-events";
import { liveOrders, liveRefunds, resolvedEvents } from "@/server/metrics/sql";
import { recordAudit, type Actor } from "./audit";

/**
 * The organisation's loyalty programme: its definition (audited) and its report, members' points,
 * the liability and tiers, read from the events and orders as of now.
 */

export type LoyaltyProgram = LoyaltyProgramInput;

function programOf(row: typeof loyaltyPrograms.$inferSelect): LoyaltyProgram {
  return {
    name: row.name,
    pointsPerCurrencyUnit: Number(row.pointsPerCurrencyUnit),
    signUpBonus: row.signUpBonus,
    referralBonus: row.referralBonus,
    reviewBonus: row.reviewBonus,
    pointValue: Number(row.pointValue),
    tiers: row.tiers,
    deriveFromOrders: row.deriveFromOrders,
  };
}

export async function getLoyaltyProgram(db: Executor, orgId: string): Promise<LoyaltyProgram | null> {
  const [row] = await db.select().from(loyaltyPrograms).where(eq(loyaltyPrograms.orgId, orgId));
  return row ? programOf(row) : null;
}

export async function saveLoyaltyProgram(db: Executor, actor: Actor, orgId: string, input: LoyaltyProgramInput): Promise<LoyaltyProgram> {
  return db.transaction(async (tx) => {
    const before = await getLoyaltyProgram(tx, orgId);
    const values = { ...input, pointsPerCurrencyUnit: String(input.pointsPerCurrencyUnit), pointValue: String(input.pointValue) };
    const [row] = await tx
      .insert(loyaltyPrograms)
      .values({ orgId, ...values })
      .onConflictDoUpdate({ target: loyaltyPrograms.orgId, set: { ...values, updatedAt: new Date() } })
      .returning();
    const after = programOf(row!);
    await recordAudit(tx, { orgId, actor, action: before ? "loyalty_program.updated" : "loyalty_program.created", targetType: "loyalty_program", targetId: orgId, before, after });
    return after;
  });
}

interface MemberRow {
  cid: string;
  /** Exact decimals as text: a numeric[] comes back from PGlite as one unparsed string. */
  order_nets: string[] | null;
  referrals: string | number;
  reviews: string | number;
  earned: string | number | null;
  redeemed: string | number | null;
  expired: string | number | null;
}

/**
 * One row per member (a customer with a loyalty.enrolled before `now`) with the points the loyalty
 * events earned, redeemed and expired; with `derive`, also the net of each order placed since
 * enrolment (orders without an exchange rate have no amount and are left out) and the referrals and
 * reviews since enrolment. Without it those are not read at all: the value dashboard shows this
 * report on every visit.
 */
async function memberFacts(ctx: MetricContext, derive: boolean): Promise<MemberRow[]> {
  const now = ctx.now.toISOString();
  const pointEvents = resolvedEvents(ctx, ["loyalty.points_earned", "loyalty.points_redeemed", "loyalty.points_expired"]);
  const bonusEvents = resolvedEvents(ctx, ["referral.converted", "review.submitted"]);
  const derived = derive
    ? sql`,
        refunded as (select order_id, sum(amount) as amount from ${liveRefunds(ctx)} r where r.refunded_at < ${now}::timestamptz group by order_id),
        nets as (
          select m.cid, array_agg((o.total - coalesce(r.amount, 0))::text order by o.placed_at) as order_nets
          from members m
          join ${liveOrders(ctx)} o on o.cid = m.cid and o.placed_at >= m.first_at and o.placed_at < ${now}::timestamptz and o.total is not null
          left join refunded r on r.order_id = o.order_id
          group by m.cid
        ),
        bonuses as (
          select m.cid,
                 count(*) filter (where b.type = 'referral.converted') as referrals,
                 count(*) filter (where b.type = 'review.submitted') as reviews
          from members m join ${bonusEvents} b on b.cid = m.cid and b.ts >= m.first_at and b.ts < ${now}::timestamptz
          group by m.cid
        )`
    : sql``;
  return rowsOf<MemberRow>(
    await ctx.db.execute(sql`
      with
        members as materialized (select cid, first_at from ${firstEventPerCustomer(ctx, ["loyalty.enrolled"])} m where m.first_at < ${now}::timestamptz),
        points as (
          select m.cid,
                 sum((e.p->>'points')::numeric) filter (where e.type = 'loyalty.points_earned') as earned,
                 sum((e.p->>'points')::numeric) filter (where e.type = 'loyalty.points_redeemed') as redeemed,
                 sum((e.p->>'points')::numeric) filter (where e.type = 'loyalty.points_expired') as expired
          from members m join ${pointEvents} e on e.cid = m.cid and e.ts < ${now}::timestamptz
          group by m.cid
        )${derived}
      select m.cid, p.earned, p.redeemed, p.expired,
             ${derive ? sql`n.order_nets, coalesce(b.referrals, 0) as referrals, coalesce(b.reviews, 0) as reviews` : sql`null as order_nets, 0 as referrals, 0 as reviews`}
      from members m
      left join points p on p.cid = m.cid
      ${derive ? sql`left join nets n on n.cid = m.cid left join bonuses b on b.cid = m.cid` : sql``}`),
  );
}

export interface LoyaltyReport {
  members: number;
  pointsEarned: number;
  pointsRedeemed: number;
  pointsExpired: number;
  pointsOutstanding: number;
  /** Outstanding points x the value of a point, in the organisation's currency. */
  liability: number;
  currency: string;
  /** Members per tier, highest tier first; "No tier" for members below every threshold. */
  tiers: { tier: string; members: number }[];
  /** Where the points came from: "events" (loyalty.points_*) or "orders" (the programme's rules). */
  pointsFrom: "events" | "orders";
  asOf: string;
}

export async function loyaltyReport(db: Executor, orgId: string, program: LoyaltyProgram, now = new Date()): Promise<LoyaltyReport> {
  const settings = await loadMetricSettings(db, orgId);
  const ctx: MetricContext = { db, settings, now, segment: null, segmentAt: now };
  const rows = await memberFacts(ctx, program.deriveFromOrders);
  const perTier = new Map<string, number>();
  let earned = 0;
  let redeemed = 0;
  let expired = 0;
  let outstanding = 0;
  for (const row of rows) {
    const memberEarned = program.deriveFromOrders
      ? derivePoints(program, { orderNets: (row.order_nets ?? []).map(Number), referrals: Number(row.referrals), reviews: Number(row.reviews) }).total
      : Number(row.earned ?? 0);
    const balance = { earned: memberEarned, redeemed: Number(row.redeemed ?? 0), expired: Number(row.expired ?? 0) };
    earned += balance.earned;
    redeemed += balance.redeemed;
    expired += balance.expired;
    outstanding += outstandingPoints(balance);
    const tier = tierOf(program.tiers, memberEarned) ?? "No tier";
    perTier.set(tier, (perTier.get(tier) ?? 0) + 1);
  }
  const order = [...program.tiers].sort((a, b) => b.threshold - a.threshold).map((t) => t.name);
  return {
    members: rows.length,
    pointsEarned: earned,
    pointsRedeemed: redeemed,
    pointsExpired: expired,
    pointsOutstanding: outstanding,
    liability: Math.round(outstanding * program.pointValue * 100) / 100,
    currency: settings.currency,
    tiers: [...order, "No tier"].filter((t) => perTier.has(t)).map((tier) => ({ tier, members: perTier.get(tier)! })),
    pointsFrom: program.deriveFromOrders ? "orders" : "events",
    asOf: now.toISOString(),
  };
}
