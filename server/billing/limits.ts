import "server-only";
import { and, count, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { invitations, memberships, widgets } from "@/db/schema";
import { PLANS } from "@/lib/billing/plans";
import { conflict } from "@/server/errors";
import { isBillingEnabled } from "./config";
import { effectivePlan } from "./standing";
import { loadAccountStanding } from "./usage";

/** Members plus invitations that can still be accepted: each will take a seat. */
export async function seatsTaken(db: Executor, orgId: string, now = new Date()): Promise<{ members: number; invitations: number }> {
  const [[m], [i]] = await Promise.all([
    db.select({ n: count() }).from(memberships).where(eq(memberships.orgId, orgId)),
    db
      .select({ n: count() })
      .from(invitations)
      .where(and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now))),
  ]);
  return { members: m?.n ?? 0, invitations: i?.n ?? 0 };
}

export async function widgetCount(db: Executor, orgId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(widgets).where(eq(widgets.orgId, orgId));
  return row?.n ?? 0;
}

async function planLimits(db: Executor, orgId: string) {
  if (!isBillingEnabled()) return null;
  const plan = PLANS[effectivePlan(await loadAccountStanding(db, orgId))];
  return plan;
}

/**
 * Refuses an invitation (or its acceptance) that would take the organisation past its plan's seats.
 * Callers hold the organisation's lock (lockOrganization), so two invitations cannot both take the last
 * seat, and call it after revoking an invitation the new one replaces.
 */
export async function assertSeatAvailable(db: Executor, orgId: string, options: { accepting?: boolean } = {}): Promise<void> {
  const plan = await planLimits(db, orgId);
  if (!plan) return;
  const taken = await seatsTaken(db, orgId);
  // Accepting an invitation turns a counted invitation into a member: only members must fit.
  const used = options.accepting ? taken.members : taken.members + taken.invitations;
  if (used < plan.seats) return;
  const members = `${taken.members} member${taken.members === 1 ? "" : "s"}`;
  const detail = options.accepting ? members : `${members} and ${taken.invitations} open invitation${taken.invitations === 1 ? "" : "s"}`;
  throw conflict(
    options.accepting
      ? `This organisation's ${plan.name} plan includes ${plan.seats} seats and all are taken (${detail}). Ask an owner to upgrade the plan or free a seat, then accept again.`
      : `The ${plan.name} plan includes ${plan.seats} seats and all are taken (${detail}). Revoke an invitation, remove a member, or upgrade the plan in Settings → Billing.`,
    options.accepting ? undefined : "email",
  );
}

/** Refuses a widget past the plan's widget limit. */
export async function assertWidgetAvailable(db: Executor, orgId: string): Promise<void> {
  const plan = await planLimits(db, orgId);
  if (!plan) return;
  const used = await widgetCount(db, orgId);
  if (used < plan.widgets) return;
  throw conflict(
    `The ${plan.name} plan includes ${plan.widgets} widget${plan.widgets === 1 ? "" : "s"} and this organisation has ${used}. Delete one or upgrade the plan in Settings → Billing.`,
  );
}
