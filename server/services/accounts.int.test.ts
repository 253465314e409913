import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { passwordResetTokens, users } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { DomainError } from "@/server/errors";
import { callerFor } from "@/server/testing/caller";
import { authenticate, requestPasswordReset, setPasswordByEmail } from "./accounts";
import { failure } from "@/server/testing/outcomes";

// Links are read from return values and the log: never send real mail, never answer as the demo.
vi.hoisted(() => {
  delete process.env.SMTP_URL;
  delete process.env.AFTERCART_DEMO;
});

let tdb: TestDatabase;
let mailLog: ReturnType<typeof vi.spyOn>;
beforeAll(async () => {
  tdb = await createTestDatabase();
  mailLog = vi.spyOn(console, "info").mockImplementation(() => {});
});
afterAll(async () => {
  mailLog.mockRestore();
  await tdb.close();
});
beforeEach(async () => {
  await tdb.truncate();
  mailLog.mockClear();
});

const PASSWORD = "violet-harbor-tangent-quilt-93";
const NEW_PASSWORD = "copper-lantern-meadow-fjord-71";

// Account requests are limited per IP in a module-level limiter: each caller gets its own address.
let ipSequence = 0;
const anonymous = () => callerFor(tdb.db, null, `198.18.0.${++ipSequence}`);

function fieldErrorsOf(error: TRPCError) {
  expect(error.cause).toBeInstanceOf(DomainError);
  return (error.cause as DomainError).details.fieldErrors;
}

async function signUp(email = "jane@example.test") {
  return anonymous().account.signUp({ name: "Jane Doe", email, password: PASSWORD });
}

async function userRow(email: string) {
  const [row] = await tdb.db.select().from(users).where(eq(users.email, email));
  return row!;
}

function tokenOf(link: string | null): string {
  const token = new URL(link!).searchParams.get("token");
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return token!;
}

describe("sign-up", () => {
  it("creates a user with a lower-cased email and an argon2id hash, never the plaintext", async () => {
    const created = await signUp("Jane.Doe@Example.TEST");
    expect(created.email).toBe("jane.doe@example.test");
    const row = await userRow("jane.doe@example.test");
    expect(row).toMatchObject({ id: created.id, name: "Jane Doe", sessionVersion: 0 });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
  });

  it("refuses an email that is taken, whatever its case, with CONFLICT on the email field", async () => {
    await signUp("jane@example.test");
    const error = await failure(signUp("JANE@example.test"));
    expect(error.code).toBe("CONFLICT");
    expect(fieldErrorsOf(error)?.email).toEqual([expect.stringContaining("already exists")]);
    expect(await tdb.db.select().from(users)).toHaveLength(1);
  });

  it.each([
    ["a common password", "password123", /too easy to guess/],
    ["a short password", "short", /at least 10 characters/],
  ])("refuses %s with BAD_REQUEST on the password field", async (_label, password, message) => {
    const error = await failure(anonymous().account.signUp({ name: "Jane Doe", email: "jane@example.test", password }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(message);
    expect(fieldErrorsOf(error)?.password).toEqual([expect.stringMatching(message)]);
    expect(await tdb.db.select().from(users)).toHaveLength(0);
  });
});

describe("authenticate", () => {
  it("returns the user for the right password, whatever the email's case", async () => {
    const { id } = await signUp("jane@example.test");
    expect(await authenticate(tdb.db, "Jane@Example.test", PASSWORD)).toMatchObject({ id });
  });

  it("returns null for a wrong password or an unknown email", async () => {
    await signUp("jane@example.test");
    expect(await authenticate(tdb.db, "jane@example.test", NEW_PASSWORD)).toBeNull();
    expect(await authenticate(tdb.db, "nobody@example.test", PASSWORD)).toBeNull();
  });
});

describe("password reset", () => {
  it("answers the same to known and unknown addresses, and mails only the known one", async () => {
    await signUp("jane@example.test");
    mailLog.mockClear();
    const known = await anonymous().account.requestPasswordReset({ email: "jane@example.test" });
    const unknown = await anonymous().account.requestPasswordReset({ email: "nobody@example.test" });
    expect(known).toEqual({ emailed: false, demoLink: null });
    expect(unknown).toEqual(known);
    expect(mailLog).toHaveBeenCalledTimes(1);
    expect(String(mailLog.mock.calls[0]![0])).toContain("to=jane@example.test");
  });

  it("gives a link for a known address and null for an unknown one", async () => {
    await signUp("jane@example.test");
    expect(await requestPasswordReset(tdb.db, "JANE@example.test")).toMatch(/\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
    expect(await requestPasswordReset(tdb.db, "nobody@example.test")).toBeNull();
    const [stored] = await tdb.db.select().from(passwordResetTokens);
    expect(stored!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("resets the password once with the link's token and ends existing sessions", async () => {
    await signUp("jane@example.test");
    const token = tokenOf(await requestPasswordReset(tdb.db, "jane@example.test"));
    expect(await anonymous().account.checkResetToken({ token })).toEqual({ valid: true });
    expect(await anonymous().account.resetPassword({ token, password: NEW_PASSWORD })).toEqual({ email: "jane@example.test" });

    expect((await userRow("jane@example.test")).sessionVersion).toBe(1);
    expect(await authenticate(tdb.db, "jane@example.test", NEW_PASSWORD)).not.toBeNull();
    expect(await authenticate(tdb.db, "jane@example.test", PASSWORD)).toBeNull();

    const again = await failure(anonymous().account.resetPassword({ token, password: PASSWORD }));
    expect(again.code).toBe("BAD_REQUEST");
    expect(again.message).toMatch(/invalid or has expired/);
    expect(await anonymous().account.checkResetToken({ token })).toEqual({ valid: false });
  });

  it("keeps the token usable when the new password is refused as weak", async () => {
    await signUp("jane@example.test");
    const token = tokenOf(await requestPasswordReset(tdb.db, "jane@example.test"));
    const weak = await failure(anonymous().account.resetPassword({ token, password: "password123" }));
    expect(weak.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(weak)?.password).toBeDefined();
    await anonymous().account.resetPassword({ token, password: NEW_PASSWORD });
  });

  it("refuses an expired token", async () => {
    await signUp("jane@example.test");
    const token = tokenOf(await requestPasswordReset(tdb.db, "jane@example.test"));
    await tdb.db.update(passwordResetTokens).set({ expiresAt: new Date(Date.now() - 1000) });
    expect(await anonymous().account.checkResetToken({ token })).toEqual({ valid: false });
    const error = await failure(anonymous().account.resetPassword({ token, password: NEW_PASSWORD }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/invalid or has expired/);
    expect(fieldErrorsOf(error)?.token).toBeDefined();
    expect(await authenticate(tdb.db, "jane@example.test", PASSWORD)).not.toBeNull();
  });

  it("kills the user's other outstanding tokens, and no one else's", async () => {
    await signUp("jane@example.test");
    await signUp("max@example.test");
    const first = tokenOf(await requestPasswordReset(tdb.db, "jane@example.test"));
    const second = tokenOf(await requestPasswordReset(tdb.db, "jane@example.test"));
    const maxToken = tokenOf(await requestPasswordReset(tdb.db, "max@example.test"));
    await anonymous().account.resetPassword({ token: second, password: NEW_PASSWORD });
    expect((await failure(anonymous().account.resetPassword({ token: first, password: PASSWORD }))).code).toBe("BAD_REQUEST");
    expect(await anonymous().account.checkResetToken({ token: maxToken })).toEqual({ valid: true });
  });
});

describe("changePassword", () => {
  it("refuses a wrong current password on the currentPassword field", async () => {
    const user = await signUp("jane@example.test");
    const api = callerFor(tdb.db, user);
    const error = await failure(api.account.changePassword({ currentPassword: NEW_PASSWORD, newPassword: NEW_PASSWORD }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(error)?.currentPassword).toEqual(["The current password is not right."]);
    expect((await userRow("jane@example.test")).sessionVersion).toBe(0);
  });

  it("changes the password with the right current one and ends existing sessions", async () => {
    const user = await signUp("jane@example.test");
    await callerFor(tdb.db, user).account.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect((await userRow("jane@example.test")).sessionVersion).toBe(1);
    expect(await authenticate(tdb.db, "jane@example.test", NEW_PASSWORD)).not.toBeNull();
  });

  it("refuses a weak new password on the newPassword field", async () => {
    const user = await signUp("jane@example.test");
    const error = await failure(
      callerFor(tdb.db, user).account.changePassword({ currentPassword: PASSWORD, newPassword: "password123" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(error)?.newPassword).toBeDefined();
  });
});

describe("setPasswordByEmail (operator reset)", () => {
  it("sets the password and ends sessions for a known email", async () => {
    await signUp("jane@example.test");
    expect(await setPasswordByEmail(tdb.db, "JANE@example.test", NEW_PASSWORD)).toMatchObject({ email: "jane@example.test" });
    expect((await userRow("jane@example.test")).sessionVersion).toBe(1);
    expect(await authenticate(tdb.db, "jane@example.test", NEW_PASSWORD)).not.toBeNull();
  });

  it("answers NOT_FOUND for an unknown email", async () => {
    await expect(setPasswordByEmail(tdb.db, "nobody@example.test", NEW_PASSWORD)).rejects.toMatchObject({
      name: "DomainError",
      code: "NOT_FOUND",
    });
  });
});

describe("account request rate limit", () => {
  it("refuses the 21st sign-up or reset request from one IP within 15 minutes, not another IP's", async () => {
    const ip = "198.51.100.9";
    const limited = callerFor(tdb.db, null, ip);
    for (let i = 0; i < 20; i++) await limited.account.requestPasswordReset({ email: `nobody-${i}@example.test` });
    const error = await failure(limited.account.signUp({ name: "Jane Doe", email: "jane@example.test", password: PASSWORD }));
    expect(error.code).toBe("TOO_MANY_REQUESTS");
    expect((error.cause as DomainError).details.retryAfterSeconds).toBeGreaterThan(0);
    expect(await tdb.db.select().from(users)).toHaveLength(0);

    await expect(
      callerFor(tdb.db, null, "198.51.100.10").account.signUp({ name: "Jane Doe", email: "jane@example.test", password: PASSWORD }),
    ).resolves.toMatchObject({ email: "jane@example.test" });
  });
});
