import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertUser } from "@/db/testing/factories";
import { authenticate } from "@/server/services/accounts";
import { runResetPassword } from "./reset-password";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const PASSWORD = "another fine long phrase";

describe("reset-password", () => {
  it("sets the password and ends every session of the account", async () => {
    const user = await insertUser(tdb.db, { email: "owner@acme.test" });
    const result = await runResetPassword(tdb.db, { email: "OWNER@acme.test", password: PASSWORD });
    expect(result).toEqual({ userId: user.id, email: "owner@acme.test", sessionsEnded: true });
    expect(await authenticate(tdb.db, "owner@acme.test", PASSWORD)).toMatchObject({ id: user.id });
    const [after] = await tdb.db.select().from(users).where(eq(users.id, user.id));
    expect(after!.sessionVersion).toBe(user.sessionVersion + 1);
  });

  it("answers NOT_FOUND for an unknown email", async () => {
    await expect(runResetPassword(tdb.db, { email: "nobody@acme.test", password: PASSWORD })).rejects.toMatchObject({
      name: "DomainError",
      code: "NOT_FOUND",
    });
  });

  it("refuses a weak password with a field error", async () => {
    await insertUser(tdb.db, { email: "owner@acme.test" });
    await expect(runResetPassword(tdb.db, { email: "owner@acme.test", password: "password123" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      details: { fieldErrors: { password: [expect.any(String)] } },
    });
  });
});
