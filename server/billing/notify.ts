import "server-only";
import { and, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { memberships, organizations, usagePeriods, users } from "@/db/schema";
import { PLANS } from "@/lib/billing/plans";
import { appUrl, sendMail } from "@/server/services/mailer";
import type { QuotaCrossing } from "./usage";

/** The addresses billing mail goes to: every owner of the organisation. */
export async function ownerEmails(db: Executor, orgId: string): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")));
  return rows.map((r) => r.email);
}

// Notices this process has seen claimed: past 80 % every batch reports its level, and this spares
// each of them the claim's two statements. Bounded; forgetting only costs a statement again.
const claimedHere = new Set<string>();

/**
 * Tells the owners once per period, quota and threshold: the first batch to claim the period's marker
 * sends, any other finds it claimed; a plan changed within the period brings a new quota and its own
 * notices. Reaching 100 % also settles the 80 % notice (it would only arrive second). The app's banner
 * reads the count itself and needs no marker. Mail goes out by SMTP when it is set, to the server log
 * otherwise (server/services/mailer.ts). Returns whether this call claimed the notice.
 */
export async function notifyQuotaCrossing(db: Executor, orgId: string, crossing: QuotaCrossing, now = new Date()): Promise<boolean> {
  const quota = PLANS[crossing.plan].monthlyEvents;
  const key = `${orgId}:${crossing.period.start.toISOString()}:${quota}:${crossing.level}`;
  if (claimedHere.has(key)) return false;
  await db.insert(usagePeriods).values({ orgId, periodStart: crossing.period.start, periodEnd: crossing.period.end }).onConflictDoNothing();
  const where = and(eq(usagePeriods.orgId, orgId), eq(usagePeriods.periodStart, crossing.period.start));
  const claimed =
    crossing.level === "reached"
      ? await db
          .update(usagePeriods)
          .set({
            reachedAt: now,
            reachedQuota: quota,
            warnedAt: sql`case when ${usagePeriods.warnedQuota} is distinct from ${quota} then ${now.toISOString()}::timestamptz else ${usagePeriods.warnedAt} end`,
            warnedQuota: quota,
          })
          .where(and(where, or(isNull(usagePeriods.reachedQuota), ne(usagePeriods.reachedQuota, quota))))
          .returning({ orgId: usagePeriods.orgId })
      : await db
          .update(usagePeriods)
          .set({ warnedAt: now, warnedQuota: quota })
          .where(and(where, or(isNull(usagePeriods.warnedQuota), ne(usagePeriods.warnedQuota, quota))))
          .returning({ orgId: usagePeriods.orgId });
  if (claimedHere.size > 10_000) claimedHere.clear();
  claimedHere.add(key);
  if (claimed.length === 0) return false;
  const [org] = await db.select({ name: organizations.name, slug: organizations.slug }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) return false;
  const plan = PLANS[crossing.plan];
  const n = (v: number) => v.toLocaleString("en-US");
  const ends = crossing.period.end.toISOString().slice(0, 10);
  const subject =
    crossing.level === "reached"
      ? `${org.name} has used its ${plan.name} event quota`
      : `${org.name} has used 80% of its ${plan.name} event quota`;
  const text = [
    `${org.name} has stored ${n(crossing.events)} events this billing period; the ${plan.name} plan includes ${n(plan.monthlyEvents)} (the period ends on ${ends}).`,
    crossing.level === "reached"
      ? `Events are still accepted for a grace margin of 10%; after that, ingest answers 429 until the period ends or the plan is upgraded.`
      : `At 100% you will hear from us again; past a 10% grace margin ingest refuses events until the period ends or the plan is upgraded.`,
    `Plans and usage: ${appUrl(`/${org.slug}/settings/billing`)}`,
  ].join("\n\n");
  for (const to of await ownerEmails(db, orgId)) await sendMail({ to, subject, text });
  return true;
}
