import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SMTPServer } from "smtp-server";
import PostalMime from "postal-mime";
import type { AddressInfo } from "node:net";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganizationWithRoles } from "@/db/testing/factories";

// A real SMTP server on loopback: proves that with SMTP_URL set, the links leave through nodemailer.
const inbox: { to: string; subject: string; text: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      PostalMime.parse(Buffer.concat(chunks)).then((mail) => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), subject: mail.subject ?? "", text: mail.text ?? "" });
        callback();
      }, callback);
    });
  },
});

let tdb: TestDatabase;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  vi.stubEnv("SMTP_URL", `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`);
  vi.resetModules();
  tdb = await createTestDatabase();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await tdb.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe("with SMTP_URL set", () => {
  it("emails the password-reset link, and the link works", async () => {
    const accounts = await import("@/server/services/accounts");
    await accounts.createUser(tdb.db, { name: "Mia", email: "mia@example.test", password: "quiet meadow lantern 42" });
    await accounts.requestPasswordReset(tdb.db, "Mia@Example.test");
    const mail = inbox.find((m) => m.to === "mia@example.test");
    expect(mail?.subject).toBe("Reset your Aftercart password");
    const token = /reset-password\?token=([\w-]+)/.exec(mail!.text)?.[1];
    expect(token).toBeDefined();
    await expect(accounts.resetPassword(tdb.db, token!, "new harbour kettle 77")).resolves.toEqual({ email: "mia@example.test" });
  });

  it("emails the invitation and says so to the inviter", async () => {
    const { createCaller } = await import("@/server/api/root");
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const api = createCaller({ db: tdb.db, user: { id: members.admin.id, email: members.admin.email, name: null }, headers: new Headers() });
    const result = await api.invitation.create({ orgSlug: org.slug, email: "new.hire@example.test", role: "analyst" });
    expect(result.emailed).toBe(true);
    const mail = inbox.find((m) => m.to === "new.hire@example.test");
    expect(mail?.subject).toBe(`You are invited to ${org.name} on Aftercart`);
    expect(mail?.text).toContain(result.link);
    expect(mail?.text).toContain("as Analyst");
  });
});
