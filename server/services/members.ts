import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import { memberships, users } from "@/db/schema";
import type { Executor } from "@/db";
import type { Role } from "@/lib/permissions";
import { DomainError, conflict, forbidden, notFound } from "@/server/errors";
import { recordAudit, type Actor } from "./audit";
import { lockOrganization, type Organization } from "./organizations";

export async function listMembers(db: Executor, orgId: string) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(users.email));
}

async function getMembership(db: Executor, orgId: string, userId: string) {
  const [row] = await db
    .select({ role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row ?? null;
}

async function ownerCount(db: Executor, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")));
  return row?.n ?? 0;
}

const LAST_OWNER = "An organisation always keeps an owner: make someone else owner first.";

/** Only owners may touch owners, or make someone an owner. */
function assertMayManage(actorRole: Role, targetRole: Role, newRole?: Role): void {
  if (actorRole !== "owner" && (targetRole === "owner" || newRole === "owner")) {
    throw forbidden("Only an owner can change or remove an owner, or make someone an owner.");
  }
}

export async function changeMemberRole(
  db: Executor,
  actor: Actor,
  actorRole: Role,
  org: Organization,
  userId: string,
  role: Role,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockOrganization(tx, org.id);
    const member = await getMembership(tx, org.id, userId);
    if (!member) throw notFound("Member");
    assertMayManage(actorRole, member.role, role);
    if (member.role === role) return;
    if (member.role === "owner" && (await ownerCount(tx, org.id)) <= 1) throw conflict(LAST_OWNER);
    await tx.update(memberships).set({ role }).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, userId)));
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "member.role_changed",
      targetType: "member",
      targetId: userId,
      before: { email: member.email, role: member.role },
      after: { email: member.email, role },
    });
  });
}

export async function removeMember(db: Executor, actor: Actor, actorRole: Role, org: Organization, userId: string) {
  if (userId === actor.userId) {
    throw new DomainError("BAD_REQUEST", "To remove yourself, use Leave organisation.");
  }
  await db.transaction(async (tx) => {
    await lockOrganization(tx, org.id);
    const member = await getMembership(tx, org.id, userId);
    if (!member) throw notFound("Member");
    assertMayManage(actorRole, member.role);
    if (member.role === "owner" && (await ownerCount(tx, org.id)) <= 1) throw conflict(LAST_OWNER);
    await tx.delete(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, userId)));
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "member.removed",
      targetType: "member",
      targetId: userId,
      before: { email: member.email, role: member.role },
    });
  });
}

export async function leaveOrganization(db: Executor, actor: Actor & { userId: string }, org: Organization) {
  await db.transaction(async (tx) => {
    await lockOrganization(tx, org.id);
    const member = await getMembership(tx, org.id, actor.userId);
    if (!member) throw notFound("Organisation");
    if (member.role === "owner" && (await ownerCount(tx, org.id)) <= 1) throw conflict(LAST_OWNER);
    await tx.delete(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, actor.userId)));
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "member.left",
      targetType: "member",
      targetId: actor.userId,
      before: { email: member.email, role: member.role },
    });
  });
}
