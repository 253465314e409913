import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";
import { PAID_PLANS, type PaidPlanKey, type PlanKey } from "@/lib/billing/plans";

/**
 * What billing needs from the environment. Services take it as an argument instead of reading the
 * environment, so that tests hand them a client pointed at a local fake Stripe.
 */
export interface BillingConfig {
  stripe: Stripe;
  /**
   * Stripe price ids per paid plan: the first is the one sold, the others are earlier prices that
   * existing subscribers still pay. A plan without any cannot be bought (the page says so).
   */
  prices: Partial<Record<PaidPlanKey, readonly string[]>>;
  webhookSecret: string | null;
}

/** Billing is on when the server has a Stripe secret key; off, every limit is unlimited (self-hosted). */
export function isBillingEnabled(): boolean {
  return Boolean(env.STRIPE_SECRET_KEY);
}

/** A Stripe client for `secretKey`, sent to `apiUrl` instead of Stripe when given (a fake or stripe-mock). */
export function createStripeClient(secretKey: string, apiUrl?: string): Stripe {
  const base = apiUrl ? new URL(apiUrl) : null;
  return new Stripe(secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: "Aftercart" },
    ...(base
      ? { host: base.hostname, port: base.port || (base.protocol === "https:" ? 443 : 80), protocol: base.protocol === "https:" ? "https" : "http" }
      : {}),
  });
}

let fromEnv: BillingConfig | null | undefined;

/** The server's billing configuration, or null when billing is off. */
export function billingConfig(): BillingConfig | null {
  if (fromEnv !== undefined) return fromEnv;
  fromEnv = env.STRIPE_SECRET_KEY
    ? {
        stripe: createStripeClient(env.STRIPE_SECRET_KEY, env.STRIPE_API_URL),
        prices: { growth: priceIds(env.STRIPE_PRICE_GROWTH), scale: priceIds(env.STRIPE_PRICE_SCALE) },
        webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? null,
      }
    : null;
  return fromEnv;
}

const priceIds = (list: string | undefined) => (list ? list.split(",").map((id) => id.trim()) : undefined);

/** The price a plan is sold at now; undefined when this server does not sell it. */
export function soldPrice(config: Pick<BillingConfig, "prices">, plan: PaidPlanKey): string | undefined {
  return config.prices[plan]?.[0];
}

/** The plan a Stripe price belongs to (its current price or an earlier one); null for a price this server does not know. */
export function planOfPrice(config: Pick<BillingConfig, "prices">, priceId: string | null | undefined): PlanKey | null {
  if (!priceId) return null;
  return PAID_PLANS.find((plan) => config.prices[plan]?.includes(priceId)) ?? null;
}
