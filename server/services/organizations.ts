import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { activitySpanDirty, checkoutSummaryDirty, eventMessageIds, events, memberships, organizations, visitSessionDirty } from "@/db/schema";
import type { Executor } from "@/db";
import type { Role } from "@/lib/permissions";
import { RESERVED_SLUGS, SLUG_PATTERN, type Industry } from "@/lib/organization-options";
import { badRequest, conflict } from "@/server/errors";
import { rebuildActivityDays } from "@/server/ingest/activity-days";
import { forgetCachedKeys } from "./api-keys";
import { recordAudit, type Actor } from "./audit";

export type Organization = typeof organizations.$inferSelect;

export interface OrganizationSettingsInput {
  name: string;
  currency: string;
  timeZone: string;
  industry: Industry;
}

function assertSlugAllowed(slug: string): void {
  if (!SLUG_PATTERN.test(slug)) {
    throw badRequest("Use 1-48 lower-case letters, digits and dashes, not starting or ending with a dash.", "slug");
  }
  if (RESERVED_SLUGS.has(slug)) throw conflict(`"${slug}" is reserved. Choose another address.`, "slug");
}

export async function isSlugAvailable(db: Executor, slug: string): Promise<boolean> {
  if (!SLUG_PATTERN.test(slug) || RESERVED_SLUGS.has(slug)) return false;
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
  return !row;
}

export async function createOrganization(
  db: Executor,
  actor: Actor & { userId: string },
  input: OrganizationSettingsInput & { slug: string },
): Promise<Organization> {
  assertSlugAllowed(input.slug);
  return db.transaction(async (tx) => {
    const [org] = await tx
      .insert(organizations)
      .values({
        name: input.name.trim(),
        slug: input.slug,
        currency: input.currency,
        timeZone: input.timeZone,
        industry: input.industry,
      })
      .onConflictDoNothing({ target: organizations.slug })
      .returning();
    if (!org) throw conflict(`The address "${input.slug}" is taken. Choose another.`, "slug");
    await tx.insert(memberships).values({ orgId: org.id, userId: actor.userId, role: "owner" });
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "organization.created",
      targetType: "organization",
      targetId: org.id,
      after: pickSettings(org),
    });
    return org;
  });
}

function pickSettings(org: Organization) {
  return { name: org.name, slug: org.slug, currency: org.currency, timeZone: org.timeZone, industry: org.industry };
}

export async function listOrganizationsForUser(db: Executor, userId: string) {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      industry: organizations.industry,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

/** The organisation at `slug` with the user's role in it, or null when the user is not a member. */
export async function findMembershipBySlug(
  db: Executor,
  userId: string,
  slug: string,
): Promise<{ org: Organization; role: Role } | null> {
  const [row] = await db
    .select({ org: organizations, role: memberships.role })
    .from(organizations)
    .innerJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, userId)))
    .where(eq(organizations.slug, slug));
  return row ?? null;
}

export async function updateOrganization(
  db: Executor,
  actor: Actor,
  org: Organization,
  input: OrganizationSettingsInput,
): Promise<Organization> {
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(organizations)
      .set({ name: input.name.trim(), currency: input.currency, timeZone: input.timeZone, industry: input.industry })
      .where(eq(organizations.id, org.id))
      .returning();
    // Activity days are local days: another zone cuts every day elsewhere. Rebuilt in the same
    // transaction, so no metric ever reads days of one zone against periods of the other.
    if (row!.timeZone !== org.timeZone) await rebuildActivityDays(tx, org.id);
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "organization.updated",
      targetType: "organization",
      targetId: org.id,
      before: pickSettings(org),
      after: pickSettings(row!),
    });
    return row!;
  });
  // Ingest reads the currency through the cached key: it must see the new one.
  forgetCachedKeys(org.id);
  return updated;
}

export async function deleteOrganization(db: Executor, org: Organization, confirmSlug: string): Promise<void> {
  if (confirmSlug !== org.slug) {
    throw badRequest(`Type the organisation's address "${org.slug}" to confirm.`, "confirmSlug");
  }
  // Cascades remove memberships, invitations and the audit log with it: nothing of the organisation
  // is left to audit.
  await db.transaction(async (tx) => {
    // events, event_message_ids and the rollups' dirty lists carry no foreign key (it would slow every ingest): delete them here.
    await tx.delete(events).where(eq(events.orgId, org.id));
    await tx.delete(eventMessageIds).where(eq(eventMessageIds.orgId, org.id));
    await tx.delete(visitSessionDirty).where(eq(visitSessionDirty.orgId, org.id));
    await tx.delete(checkoutSummaryDirty).where(eq(checkoutSummaryDirty.orgId, org.id));
    await tx.delete(organizations).where(eq(organizations.id, org.id));
    // After it: the cascade's deletion of the activity days names the organisation's customers again.
    await tx.delete(activitySpanDirty).where(eq(activitySpanDirty.orgId, org.id));
  });
  forgetCachedKeys(org.id);
}

/**
 * Serialises membership changes of one organisation (row lock on the organisation), so that two
 * concurrent demotions cannot both pass the "keeps an owner" check.
 */
export async function lockOrganization(tx: Executor, orgId: string): Promise<void> {
  await tx.execute(sql`select 1 from ${organizations} where ${organizations.id} = ${orgId} for update`);
}

/** Every organisation with its member count, oldest first (operator listing: admin CLI). */
export async function listAllOrganizations(db: Executor) {
  return db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      industry: organizations.industry,
      currency: organizations.currency,
      timeZone: organizations.timeZone,
      members: sql<number>`count(${memberships.userId})`.mapWith(Number),
      createdAt: organizations.createdAt,
    })
    .from(organizations)
    .leftJoin(memberships, eq(memberships.orgId, organizations.id))
    .groupBy(organizations.id)
    .orderBy(asc(organizations.createdAt), asc(organizations.slug));
}
