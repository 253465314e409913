import { describe, expect, it } from "vitest";
import { hashPassword, MIN_PASSWORD_LENGTH, passwordWeakness, verifyPassword } from "./password";

/** Sentences a person can read: each starts with a capital and ends with a full stop. */
function expectReadableSentences(message: string | null) {
  expect(message).toEqual(expect.any(String));
  for (const sentence of message!.split(/(?<=\.)\s+/)) expect(sentence).toMatch(/^[A-Z].*\.$/);
}

describe("passwordWeakness", () => {
  it("refuses a short password with the minimum length", () => {
    expect(passwordWeakness("short")).toBe(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
    expect(passwordWeakness("x7#Qp2!")).toContain(String(MIN_PASSWORD_LENGTH));
  });

  it("refuses a common password with a readable reason", () => {
    const message = passwordWeakness("password123");
    expect(message).toMatch(/too easy to guess/);
    expectReadableSentences(message);
  });

  it("refuses a password made of the user's own email address", () => {
    const email = "jane.doe@example.com";
    expect(passwordWeakness(email, [email, "Jane Doe"])).toMatch(/too easy to guess.*name or email address/);
    expectReadableSentences(passwordWeakness(email, [email, "Jane Doe"]));
  });

  it("accepts a long phrase of unrelated words", () => {
    expect(passwordWeakness("violet-harbor-tangent-quilt-93")).toBeNull();
    expect(passwordWeakness("violet-harbor-tangent-quilt-93", ["jane.doe@example.com", "Jane Doe"])).toBeNull();
  });
});

describe("hashPassword and verifyPassword", () => {
  it("hash with argon2id and verify only the right password", async () => {
    const hash = await hashPassword("violet-harbor-tangent-quilt-93");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain("violet");
    expect(await verifyPassword(hash, "violet-harbor-tangent-quilt-93")).toBe(true);
    expect(await verifyPassword(hash, "violet-harbor-tangent-quilt-94")).toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    expect(await hashPassword("same-password-twice")).not.toBe(await hashPassword("same-password-twice"));
  });

  it("answers false, without throwing, for a garbage hash", async () => {
    expect(await verifyPassword("not-a-hash", "whatever")).toBe(false);
    expect(await verifyPassword("", "whatever")).toBe(false);
  });
});
