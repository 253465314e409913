import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { DomainError } from "@/server/errors";

const WINDOW_SECONDS = 15 * 60;

// Per IP catches one machine trying many accounts; per email catches many machines trying one
// account. Both count failures only: a successful sign-in clears the email's counter.
const byIp = new RateLimiterMemory({ keyPrefix: "signin_ip", points: env.SIGNIN_MAX_ATTEMPTS_PER_IP, duration: WINDOW_SECONDS });
const byEmail = new RateLimiterMemory({
  keyPrefix: "signin_email",
  points: env.SIGNIN_MAX_ATTEMPTS_PER_EMAIL,
  duration: WINDOW_SECONDS,
});
// Password-reset and sign-up requests are cheap to send and costly to answer (email, argon2).
const byIpForAccountRequests = new RateLimiterMemory({ keyPrefix: "account_ip", points: 20, duration: WINDOW_SECONDS });

function tooMany(res: RateLimiterRes): DomainError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new DomainError(
    "TOO_MANY_REQUESTS",
    `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    { retryAfterSeconds: seconds },
  );
}

async function isBlocked(limiter: RateLimiterMemory, key: string): Promise<RateLimiterRes | null> {
  const res = await limiter.get(key);
  return res && res.remainingPoints <= 0 ? res : null;
}

export async function assertSignInAllowed(ip: string, email: string): Promise<void> {
  const blocked = (await isBlocked(byIp, ip)) ?? (await isBlocked(byEmail, email));
  if (blocked) throw tooMany(blocked);
}

export async function recordFailedSignIn(ip: string, email: string): Promise<void> {
  await Promise.allSettled([byIp.consume(ip), byEmail.consume(email)]);
}

export async function recordSuccessfulSignIn(email: string): Promise<void> {
  await byEmail.delete(email);
}

export async function consumeAccountRequest(ip: string): Promise<void> {
  try {
    await byIpForAccountRequests.consume(ip);
  } catch (res) {
    if (res instanceof RateLimiterRes) throw tooMany(res);
    throw res;
  }
}

/**
 * The client address as our own reverse proxy saw it. Proxies append to X-Forwarded-For, so only the
 * entries they added can be trusted: with TRUSTED_PROXY_HOPS proxies in front, the client is that many
 * places from the right. The leftmost entries are whatever the client chose to send.
 */
export function clientIp(headers: Headers, hops = env.TRUSTED_PROXY_HOPS): string {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return chain[Math.max(0, chain.length - hops)] || headers.get("x-real-ip") || "unknown";
}
