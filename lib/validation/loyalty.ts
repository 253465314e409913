import { z } from "zod";

const wholePoints = (what: string) =>
  z
    .number({ message: `Enter the ${what} in whole points.` })
    .int({ message: `Enter the ${what} in whole points.` })
    .min(0, { message: `The ${what} cannot be negative.` })
    .max(1_000_000, { message: `The ${what} is at most 1,000,000 points.` });

export const MAX_TIERS = 8;

export const loyaltyProgramInput = z.object({
  name: z.string().trim().min(1, { message: "Name the programme." }).max(80, { message: "Keep the name under 80 characters." }),
  pointsPerCurrencyUnit: z
    .number({ message: "Enter the points per currency unit as a number." })
    .min(0, { message: "Points per currency unit cannot be negative." })
    .max(1000, { message: "At most 1,000 points per currency unit." }),
  signUpBonus: wholePoints("sign-up bonus"),
  referralBonus: wholePoints("referral bonus"),
  reviewBonus: wholePoints("review bonus"),
  pointValue: z
    .number({ message: "Enter what a point is worth as a number." })
    .gt(0, { message: "A point must be worth more than 0." })
    .max(1000, { message: "A point is worth at most 1,000." }),
  tiers: z
    .array(
      z.object({
        name: z.string().trim().min(1, { message: "Name every tier." }).max(40, { message: "Keep tier names under 40 characters." }),
        threshold: wholePoints("tier threshold"),
      }),
    )
    .max(MAX_TIERS, { message: `At most ${MAX_TIERS} tiers.` })
    .refine((t) => new Set(t.map((x) => x.name.toLowerCase())).size === t.length, { message: "Give each tier its own name." })
    .refine((t) => new Set(t.map((x) => x.threshold)).size === t.length, { message: "Give each tier its own threshold." })
    .transform((t) => [...t].sort((a, b) => a.threshold - b.threshold)),
  deriveFromOrders: z.boolean(),
});
export type LoyaltyProgramInput = z.infer<typeof loyaltyProgramInput>;
