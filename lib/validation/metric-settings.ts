import { z } from "zod";
import { isCurrencyCode } from "../organization-options";

/** The organisation settings the metric definitions read (metrics.md), as admins edit them. */

export const STEP_NAME_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;
export const MAX_CHECKOUT_STEPS = 12;

const optionalNumber = (schema: z.ZodNumber) => z.union([schema, z.null()]);

export const metricSettingsInput = z.object({
  churnWindowDays: z
    .number({ message: "Enter the churn window in whole days." })
    .int({ message: "Enter the churn window in whole days." })
    .min(1, { message: "The churn window is at least 1 day." })
    .max(3650, { message: "The churn window is at most 3,650 days (10 years)." }),
  abandonmentWindowHours: z
    .number({ message: "Enter the abandonment window in whole hours." })
    .int({ message: "Enter the abandonment window in whole hours." })
    .min(1, { message: "The abandonment window is at least 1 hour." })
    .max(720, { message: "The abandonment window is at most 720 hours (30 days)." }),
  checkoutSteps: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(STEP_NAME_PATTERN, { message: "Name steps with lower-case letters, digits and underscores (at most 32), starting with a letter." }),
    )
    .min(1, { message: "Keep at least one checkout step." })
    .max(MAX_CHECKOUT_STEPS, { message: `At most ${MAX_CHECKOUT_STEPS} checkout steps.` })
    .refine((steps) => new Set(steps).size === steps.length, { message: "Each step may appear once." }),
  /** Major units of the organisation's currency (12.50), or null when not set. */
  supportContactCost: optionalNumber(
    z.number({ message: "Enter the cost of one support contact, e.g. 4.50." }).min(0, { message: "A cost cannot be negative." }).max(1_000_000, { message: "That cost is above 1,000,000." }),
  ),
  /** Years; null: derived from churn (metrics.md clv_simple). */
  clvLifespanYears: optionalNumber(
    z.number({ message: "Enter the customer lifespan in years, e.g. 3." }).min(0.1, { message: "The lifespan is at least 0.1 years." }).max(100, { message: "The lifespan is at most 100 years." }),
  ),
  controlVariant: z.union([z.string().trim().min(1).max(64, { message: "Use at most 64 characters." }), z.null()]),
});
export type MetricSettingsInput = z.infer<typeof metricSettingsInput>;

export const exchangeRateInput = z.object({
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, { message: "Use an ISO-4217 currency code such as USD or GBP." }),
  effectiveOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Use a date such as 2026-01-31." })
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
      message: "That date does not exist.",
    }),
  rate: z
    .number({ message: "Enter how many units of your currency one unit is worth, e.g. 0.92." })
    .positive({ message: "A rate is above 0." })
    .max(1e9, { message: "That rate is too large." }),
});
export type ExchangeRateInput = z.infer<typeof exchangeRateInput>;

export const exchangeRateKey = exchangeRateInput.pick({ currency: true, effectiveOn: true });
