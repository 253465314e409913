import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { invitations, memberships, organizations, users } from "@/db/schema";
import type { Executor } from "@/db";
import { env } from "@/lib/env";
import { ROLE_LABELS, type Role } from "@/lib/permissions";
import { badRequest, conflict, forbidden, notFound } from "@/server/errors";
import { generateToken, hashToken } from "@/server/auth/tokens";
import { assertSeatAvailable } from "@/server/billing/limits";
import { recordAudit, type Actor } from "./audit";
import { appUrl, isMailConfigured, sendMail } from "./mailer";
import { normalizeEmail } from "./accounts";
import { lockOrganization, type Organization } from "./organizations";

export type InvitationStatus = "pending" | "expired" | "accepted" | "revoked";

function statusOf(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

export async function createInvitation(
  db: Executor,
  actor: Actor,
  actorRole: Role,
  org: Organization,
  input: { email: string; role: Role },
): Promise<{ id: string; link: string; emailed: boolean; expiresAt: Date }> {
  const email = normalizeEmail(input.email);
  if (input.role === "owner" && actorRole !== "owner") throw forbidden("Only an owner can invite another owner.");
  const token = generateToken();
  const expiresAt = new Date(Date.now() + env.INVITATION_TTL_DAYS * 24 * 3600 * 1000);
  const id = await db.transaction(async (tx) => {
    const [existingMember] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, org.id), sql`lower(${users.email}) = ${email}`));
    if (existingMember) throw conflict(`${email} is already a member of ${org.name}.`, "email");
    // Inviting the same address again replaces the open invitation: the old link stops working.
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.orgId, org.id),
          sql`lower(${invitations.email}) = ${email}`,
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    await lockOrganization(tx, org.id);
    await assertSeatAvailable(tx, org.id);
    const [row] = await tx
      .insert(invitations)
      .values({ orgId: org.id, email, role: input.role, tokenHash: hashToken(token), invitedByUserId: actor.userId, expiresAt })
      .returning({ id: invitations.id });
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "invitation.created",
      targetType: "invitation",
      targetId: row!.id,
      after: { email, role: input.role, expiresAt: expiresAt.toISOString() },
    });
    return row!.id;
  });
  const link = appUrl(`/invite/${token}`);
  if (isMailConfigured()) {
    await sendMail({
      to: email,
      subject: `You are invited to ${org.name} on Aftercart`,
      text: `${actor.label} invited you to join ${org.name} on Aftercart as ${ROLE_LABELS[input.role]}.\n\nAccept the invitation here (valid until ${expiresAt.toUTCString()}):\n${link}`,
    });
  }
  return { id, link, emailed: isMailConfigured(), expiresAt };
}

export async function listInvitations(db: Executor, orgId: string) {
  const rows = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      createdAt: invitations.createdAt,
      invitedBy: users.email,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.createdAt));
  return rows.map(({ acceptedAt, revokedAt, ...row }) => ({ ...row, status: statusOf({ ...row, acceptedAt, revokedAt }) }));
}

export async function revokeInvitation(db: Executor, actor: Actor, org: Organization, invitationId: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.id, invitationId),
          eq(invitations.orgId, org.id),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ email: invitations.email, role: invitations.role });
    if (!row) throw notFound("Invitation");
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: invitationId,
      before: row,
    });
  });
}

async function findByToken(db: Executor, token: string) {
  const [row] = await db
    .select({
      id: invitations.id,
      orgId: invitations.orgId,
      orgName: organizations.name,
      orgSlug: organizations.slug,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      inviterName: users.name,
      inviterEmail: users.email,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  return row ?? null;
}

/** What the invitation page shows before anyone signs in. An unknown token is "invalid". */
export async function describeInvitation(db: Executor, token: string) {
  const row = await findByToken(db, token);
  if (!row) return { status: "invalid" as const };
  return {
    status: statusOf(row),
    orgName: row.orgName,
    email: row.email,
    role: row.role,
    inviter: row.inviterName ?? row.inviterEmail ?? null,
    expiresAt: row.expiresAt,
  };
}

const INVITATION_MESSAGES: Record<Exclude<InvitationStatus, "pending">, string> = {
  expired: "This invitation has expired. Ask an admin of the organisation for a new one.",
  accepted: "This invitation has already been used.",
  revoked: "This invitation was withdrawn. Ask an admin of the organisation for a new one.",
};

export async function acceptInvitation(
  db: Executor,
  user: { id: string; email: string },
  token: string,
): Promise<{ slug: string }> {
  return db.transaction(async (tx) => {
    const row = await findByToken(tx, token);
    if (!row) throw notFound("Invitation");
    const status = statusOf(row);
    if (status !== "pending") throw badRequest(INVITATION_MESSAGES[status]);
    if (normalizeEmail(user.email) !== normalizeEmail(row.email)) {
      throw forbidden(`This invitation is for ${row.email}. Sign in with that address to accept it.`);
    }
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), acceptedByUserId: user.id })
      .where(and(eq(invitations.id, row.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    if (!claimed) throw badRequest(INVITATION_MESSAGES.accepted);
    await lockOrganization(tx, row.orgId);
    await assertSeatAvailable(tx, row.orgId, { accepting: true });
    const [joined] = await tx
      .insert(memberships)
      .values({ orgId: row.orgId, userId: user.id, role: row.role })
      .onConflictDoNothing()
      .returning({ role: memberships.role });
    if (joined) {
      await recordAudit(tx, {
        orgId: row.orgId,
        actor: { userId: user.id, label: user.email },
        action: "member.joined",
        targetType: "member",
        targetId: user.id,
        after: { email: user.email, role: row.role, invitationId: row.id },
      });
    }
    return { slug: row.orgSlug };
  });
}
