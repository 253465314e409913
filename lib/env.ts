import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const databaseUrl = z
  .string()
  .refine((v) => /^(postgres(ql)?:\/\/|pglite:)/.test(v), {
    message: "DATABASE_URL must start with postgres://, postgresql:// or pglite:",
  })
  .optional();

const priceList = z
  .string()
  .regex(/^price_\w+(\s*,\s*price_\w+)*$/, { message: "must be a Stripe price id (price_…) or a comma-separated list of them" })
  .optional();

/**
 * Every environment variable the app reads, validated once. The README's configuration table lists
 * the same names: keep the two in step.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: z.string().min(16).optional(),
    APP_URL: z.url().default("http://localhost:3000"),
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().default("Aftercart <no-reply@aftercart.local>"),
    AFTERCART_DEMO: z
      .enum(["0", "1", "true", "false"])
      .optional()
      .transform((v) => v === "1" || v === "true"),
    SIGNIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().positive().default(30),
    SIGNIN_MAX_ATTEMPTS_PER_EMAIL: z.coerce.number().int().positive().default(8),
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
    RATE_LIMIT_STORE: z.enum(["memory", "database", "redis"]).default("memory"),
    REDIS_URL: z.string().optional(),
    RATE_LIMIT_INGEST_PER_SECOND: z.coerce.number().int().positive().default(1000),
    RATE_LIMIT_READ_PER_SECOND: z.coerce.number().int().positive().default(50),
    RATE_LIMIT_SURVEY_PER_IP: z.coerce.number().int().positive().default(20),
    RATE_LIMIT_SURVEY_PER_MINUTE: z.coerce.number().int().positive().default(300),
    RATE_LIMIT_EMBED_PER_MINUTE: z.coerce.number().int().positive().default(600),
    RATE_LIMIT_EMBED_PER_IP_PER_MINUTE: z.coerce.number().int().positive().default(300),
    // Metric answers are shared by the processes of one release (server/metrics/answer-cache.ts).
    AFTERCART_RELEASE: z.string().trim().min(1).optional(),
    AFTERCART_ANSWER_CACHE: z.enum(["on", "off"]).default("on"),
    INVITATION_TTL_DAYS: z.coerce.number().int().positive().default(7),
    // Billing (server/billing): without a secret key billing is off and every limit is unlimited.
    STRIPE_SECRET_KEY: z.string().startsWith("sk_").optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    // A plan's price id, or a comma-separated list: the first is sold, the others (earlier prices
    // existing subscribers still pay) are recognised as the same plan.
    STRIPE_PRICE_GROWTH: priceList,
    STRIPE_PRICE_SCALE: priceList,
    /** Where the Stripe client sends API calls: unset for Stripe itself, a local fake or stripe-mock otherwise. */
    STRIPE_API_URL: z.url().optional(),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
});

// Billing with a Stripe key but no webhook secret would take payments and never hear of them: the
// plans would never change. Refused at start-up instead of discovered by a paying customer.
if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET && process.env.SKIP_ENV_VALIDATION !== "1") {
  throw new Error("STRIPE_SECRET_KEY is set without STRIPE_WEBHOOK_SECRET: set the signing secret of the /api/stripe/webhook endpoint too.");
}
