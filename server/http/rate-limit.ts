import "server-only";
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { Redis } from "ioredis";
import { getDb } from "@/db";
import { rateLimits } from "@/db/schema";
import { env } from "@/lib/env";

/** API-key buckets (ingest, read), the public survey pages' (per visitor address, per link) and embedded widgets' (per widget). */
export type RateBucket = "ingest" | "read" | "survey_ip" | "survey" | "embed" | "embed_ip";

/** Requests per second one key may make in a bucket (averaged over the window). */
export function ratePerSecond(bucket: "ingest" | "read"): number {
  return bucket === "ingest" ? env.RATE_LIMIT_INGEST_PER_SECOND : env.RATE_LIMIT_READ_PER_SECOND;
}

// API keys get ten-second windows: a steady client gets its per-second rate, a short burst is not
// punished. A survey answer is a person tapping a button: 20 answers in 10 minutes from one address
// is already a whole office sharing one; 300 a minute for one survey is a mailing's peak, not a bot's.
function budget(bucket: RateBucket): { points: number; duration: number } {
  switch (bucket) {
    case "survey_ip":
      return { points: env.RATE_LIMIT_SURVEY_PER_IP, duration: 600 };
    case "survey":
      return { points: env.RATE_LIMIT_SURVEY_PER_MINUTE, duration: 60 };
    case "embed":
      return { points: env.RATE_LIMIT_EMBED_PER_MINUTE, duration: 60 };
    case "embed_ip":
      return { points: env.RATE_LIMIT_EMBED_PER_IP_PER_MINUTE, duration: 60 };
    default:
      return { points: ratePerSecond(bucket) * 10, duration: 10 };
  }
}

const limiters = new Map<RateBucket, Promise<RateLimiterAbstract>>();
const redisClients: Redis[] = [];

async function createLimiter(bucket: RateBucket): Promise<RateLimiterAbstract> {
  const options = { keyPrefix: `rl_${bucket}`, ...budget(bucket) };
  switch (env.RATE_LIMIT_STORE) {
    case "redis": {
      if (!env.REDIS_URL) throw new Error("RATE_LIMIT_STORE=redis needs REDIS_URL");
      const client = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      client.on("error", (error: Error) => console.error(`[rate-limit] Redis: ${error.message}`));
      redisClients.push(client);
      // Without the offline queue, a command sent before the connection is up fails at once and the
      // memory limiter answers instead: every instance would start with a budget of its own. So the
      // first request waits for the connection, but never longer than a short while.
      await ready(client, 2000);
      return new RateLimiterRedis({ ...options, storeClient: client, insuranceLimiter: new RateLimiterMemory(options) });
    }
    case "database":
      // Shared by every instance on one PostgreSQL; the memory limiter takes over if the database stumbles.
      return new RateLimiterDrizzle({ ...options, storeClient: await getDb(), schema: rateLimits, insuranceLimiter: new RateLimiterMemory(options) });
    default:
      return new RateLimiterMemory(options);
  }
}

function ready(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => (clearTimeout(timer), client.off("ready", done), resolve());
    const timer = setTimeout(done, timeoutMs);
    client.once("ready", done);
  });
}

/** Null when the call may go ahead, else how long to wait. One budget per key (API key, address, survey) and bucket. */
export async function consumeRateLimit(bucket: RateBucket, key: string, points = 1): Promise<{ retryAfterSeconds: number } | null> {
  let limiter = limiters.get(bucket);
  if (!limiter) {
    limiter = createLimiter(bucket);
    limiters.set(bucket, limiter);
  }
  try {
    await (await limiter).consume(key, points);
    return null;
  } catch (result) {
    if (result instanceof RateLimiterRes) return { retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
    throw result;
  }
}

/** Forgets the limiters and closes their Redis connections, so that a test can start another "instance". */
export async function closeRateLimiters(): Promise<void> {
  limiters.clear();
  await Promise.all(redisClients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
}
