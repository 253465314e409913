import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { passwordResetTokens, users } from "@/db/schema";
import type { Executor } from "@/db";
import { DomainError, badRequest, conflict, notFound } from "@/server/errors";
import { burnPasswordCheck, hashPassword, passwordWeakness, verifyPassword } from "@/server/auth/password";
import { generateToken, hashToken } from "@/server/auth/tokens";
import { appUrl, sendMail } from "./mailer";

const RESET_TTL_MS = 60 * 60 * 1000;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Executor, email: string) {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${normalizeEmail(email)}`);
  return user ?? null;
}

function assertStrongPassword(password: string, userInputs: string[], field = "password"): void {
  const weakness = passwordWeakness(password, userInputs);
  if (weakness) throw new DomainError("BAD_REQUEST", weakness, { fieldErrors: { [field]: [weakness] } });
}

export async function createUser(db: Executor, input: { name: string; email: string; password: string }) {
  const email = normalizeEmail(input.email);
  assertStrongPassword(input.password, [email, input.name]);
  if (await findUserByEmail(db, email)) {
    throw conflict("An account with this email already exists. Sign in instead.", "email");
  }
  const passwordHash = await hashPassword(input.password);
  const [user] = await db
    .insert(users)
    .values({ name: input.name.trim(), email, passwordHash })
    .onConflictDoNothing()
    .returning();
  // A concurrent sign-up with the same address lost the race on the unique index.
  if (!user) throw conflict("An account with this email already exists. Sign in instead.", "email");
  return user;
}

/** The user when the password matches; null otherwise, in the same time either way. */
export async function authenticate(db: Executor, email: string, password: string) {
  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

export async function getUser(db: Executor, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  return user ?? null;
}

/**
 * Sends a reset link when the address has an account. Returns the link (for the log-only demo
 * mode) or null; callers must answer the same way in both cases so no one learns who has an account.
 */
export async function requestPasswordReset(db: Executor, email: string): Promise<string | null> {
  const user = await findUserByEmail(db, email);
  if (!user) return null;
  const token = generateToken();
  await db.insert(passwordResetTokens).values({
    userId: user.id,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + RESET_TTL_MS),
  });
  const link = appUrl(`/reset-password?token=${token}`);
  await sendMail({
    to: user.email,
    subject: "Reset your Aftercart password",
    text: `Someone asked to reset the password of your Aftercart account.\n\nChoose a new password here (the link works for one hour, once):\n${link}\n\nIf it was not you, ignore this message: your password stays as it is.`,
  });
  return link;
}

const INVALID_RESET_LINK = "This reset link is invalid or has expired. Ask for a new one.";

export async function checkPasswordResetToken(db: Executor, token: string): Promise<boolean> {
  const [row] = await db
    .select({ id: passwordResetTokens.id })
    .from(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.tokenHash, hashToken(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, new Date()),
      ),
    );
  return Boolean(row);
}

export async function resetPassword(db: Executor, token: string, password: string): Promise<{ email: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, hashToken(token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, new Date()),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!row) throw badRequest(INVALID_RESET_LINK, "token");
    const user = await getUser(tx, row.userId);
    if (!user) throw badRequest(INVALID_RESET_LINK, "token");
    assertStrongPassword(password, [user.email, user.name ?? ""]);
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(password), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, user.id));
    // Every other outstanding link for this account dies with the reset.
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
    return { email: user.email };
  });
}

export async function changePassword(db: Executor, userId: string, currentPassword: string, newPassword: string) {
  const user = await getUser(db, userId);
  if (!user) throw notFound("Account");
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw badRequest("The current password is not right.", "currentPassword");
  }
  assertStrongPassword(newPassword, [user.email, user.name ?? ""], "newPassword");
  const [updated] = await db
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
  return { sessionVersion: updated!.sessionVersion };
}

export async function updateProfile(db: Executor, userId: string, input: { name: string }) {
  const [user] = await db.update(users).set({ name: input.name.trim() }).where(eq(users.id, userId)).returning();
  if (!user) throw notFound("Account");
  return user;
}

/** Operator reset (admin CLI): sets the password and ends every session of the account. */
export async function setPasswordByEmail(db: Executor, email: string, password: string) {
  const user = await findUserByEmail(db, email);
  if (!user) throw notFound(`An account with the email ${normalizeEmail(email)}`);
  assertStrongPassword(password, [user.email, user.name ?? ""]);
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, user.id));
  return { userId: user.id, email: user.email };
}
