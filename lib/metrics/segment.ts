import { z } from "zod";

/**
 * A segment of customers (api.md): trait filters plus the built-in segments. Every part is optional
 * and they combine with "and". Shared by the REST API, tRPC and the dashboard's segment picker.
 */
export const segmentSchema = z
  .object({
    traits: z
      .record(
        z.string().min(1).max(64),
        z.union([z.string().max(256), z.number().finite(), z.boolean()], { message: "a trait filter value must be a string, number or boolean" }),
      )
      .refine((t) => Object.keys(t).length <= 10, "at most 10 trait filters")
      .optional(),
    loyalty: z.enum(["member", "non_member"], { message: 'loyalty must be "member" or "non_member"' }).optional(),
    engagement: z.enum(["high", "low", "none"], { message: 'engagement must be "high", "low" or "none"' }).optional(),
    cohort: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'cohort is the month of the first order, as "2026-01"')
      .optional(),
  })
  .strict();

export type Segment = z.infer<typeof segmentSchema>;

/** A segment with no part at all is no segment. */
export function isEmptySegment(segment: Segment | null | undefined): boolean {
  return !segment || (!segment.loyalty && !segment.engagement && !segment.cohort && Object.keys(segment.traits ?? {}).length === 0);
}
