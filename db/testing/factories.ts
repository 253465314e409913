import { randomUUID } from "node:crypto";
import { apiKeys, memberships, organizations, users } from "../schema";
import type { Executor } from "../index";
import type { Role } from "../../lib/permissions";

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(++sequence).toString(36)}${randomUUID().slice(0, 4)}`;

/** A user row without a usable password (sign-in is tested through the auth service instead). */
export async function insertUser(db: Executor, overrides: Partial<typeof users.$inferInsert> = {}) {
  const id = unique();
  const [user] = await db
    .insert(users)
    .values({ email: `user-${id}@example.test`, name: `User ${id}`, ...overrides })
    .returning();
  return user!;
}

export async function insertOrganization(db: Executor, overrides: Partial<typeof organizations.$inferInsert> = {}) {
  const id = unique();
  const [org] = await db
    .insert(organizations)
    .values({ name: `Org ${id}`, slug: `org-${id}`, ...overrides })
    .returning();
  return org!;
}

export async function addMember(db: Executor, orgId: string, userId: string, role: Role) {
  await db.insert(memberships).values({ orgId, userId, role });
}

/** An organisation with one member of every role. */
export async function insertOrganizationWithRoles(db: Executor) {
  const org = await insertOrganization(db);
  const members = {} as Record<Role, Awaited<ReturnType<typeof insertUser>>>;
  for (const role of ["owner", "admin", "analyst", "viewer"] as const) {
    members[role] = await insertUser(db);
    await addMember(db, org.id, members[role].id, role);
  }
  return { org, members };
}

/** Stores an API key row for `plaintext` (as the service would) and returns it. */
export async function insertApiKey(db: Executor, orgId: string, kind: "ingest" | "secret", plaintext: string) {
  const { createHash } = await import("node:crypto");
  await db.insert(apiKeys).values({
    orgId,
    kind,
    name: `${kind} key`,
    displayPrefix: `${plaintext.slice(0, 11)}…`,
    tokenHash: createHash("sha256").update(plaintext).digest("hex"),
  });
  return plaintext;
}

/** An organisation with one ingest and one secret key, for REST tests. */
export async function insertOrganizationWithKeys(db: Executor, overrides: Partial<typeof organizations.$inferInsert> = {}) {
  const org = await insertOrganization(db, overrides);
  const suffix = randomUUID().replaceAll("-", "");
  const ingestKey = await insertApiKey(db, org.id, "ingest", `ac_pub_${suffix}`);
  const secretKey = await insertApiKey(db, org.id, "secret", `ac_sec_${suffix}`);
  return { org, ingestKey, secretKey };
}
