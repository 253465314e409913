import { describe, expect, it, vi } from "vitest";
import { DomainError } from "@/server/errors";
import { assertSignInAllowed, clientIp, recordFailedSignIn, recordSuccessfulSignIn } from "./rate-limit";

// The limits under test are the defaults, whatever the shell running the tests says.
vi.hoisted(() => {
  delete process.env.SIGNIN_MAX_ATTEMPTS_PER_EMAIL;
  delete process.env.SIGNIN_MAX_ATTEMPTS_PER_IP;
});
const PER_EMAIL = 8;
const PER_IP = 30;

// The limiters are module singletons kept in memory: every test uses its own addresses.
let sequence = 0;
const freshIp = () => `192.0.2.${++sequence}`;
const freshEmail = () => `target-${++sequence}@example.test`;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return null;
}

async function fail(times: number, ip: string | (() => string), email: string | (() => string)) {
  for (let i = 0; i < times; i++) {
    await recordFailedSignIn(typeof ip === "string" ? ip : ip(), typeof email === "string" ? email : email());
  }
}

describe("sign-in limiter", () => {
  it("blocks an email after its failures run out, from any IP, without naming the email", async () => {
    const email = freshEmail();
    await fail(PER_EMAIL - 1, freshIp, email);
    await expect(assertSignInAllowed(freshIp(), email)).resolves.toBeUndefined();
    await fail(1, freshIp, email);
    const error = await rejection(assertSignInAllowed(freshIp(), email));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS", details: { retryAfterSeconds: expect.any(Number) } });
    const { details, message } = error as DomainError;
    expect(details.retryAfterSeconds).toBeGreaterThan(0);
    expect(details.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(message).not.toContain(email);
    expect(message).not.toContain("target-");
    // Other addresses are not affected.
    await expect(assertSignInAllowed(freshIp(), freshEmail())).resolves.toBeUndefined();
  });

  it("clears an email's failures after a successful sign-in", async () => {
    const email = freshEmail();
    await fail(PER_EMAIL - 1, freshIp, email);
    await recordSuccessfulSignIn(email);
    await fail(PER_EMAIL - 1, freshIp, email);
    await expect(assertSignInAllowed(freshIp(), email)).resolves.toBeUndefined();
  });

  it("blocks an IP that fails across many emails, and a success does not clear it", async () => {
    const ip = freshIp();
    await fail(PER_IP - 1, ip, freshEmail);
    await expect(assertSignInAllowed(ip, freshEmail())).resolves.toBeUndefined();
    await fail(1, ip, freshEmail);
    await recordSuccessfulSignIn(freshEmail());
    await expect(assertSignInAllowed(ip, freshEmail())).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(assertSignInAllowed(freshIp(), freshEmail())).resolves.toBeUndefined();
  });
});

describe("clientIp", () => {
  it("takes the address our one proxy appended, not what the client put before it", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": " 6.6.6.6 , 198.51.100.1" }), 1)).toBe("198.51.100.1");
  });

  it("counts trusted proxies from the right", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.1, 10.0.0.1" });
    expect(clientIp(headers, 2)).toBe("198.51.100.1");
    // More hops than entries: the leftmost is all there is.
    expect(clientIp(headers, 5)).toBe("6.6.6.6");
  });

  it("falls back to x-real-ip, else 'unknown'", () => {
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIp(new Headers())).toBe("unknown");
  });
});
