import { z } from "zod";

/**
 * A segment of customers (api.md): trait filters plus the built-in segments. Every part is optional
 * and they combine with "and". Shared by the REST API, tRPC and the dashboard's segment picker.
 */
export const segmentSchema = z
  .object({
    // zod drops a "__proto__" key from a record without a word, which would silently widen the segment.
    traits: z
      .preprocess(
        (value, ctx) => {
          if (value !== null && typeof value === "object" && Object.hasOwn(value, "__proto__")) {
            ctx.addIssue({ code: "custom", message: "__proto__ is not a trait name" });
            return z.NEVER;
          }
          return value;
        },
        z
          .record(
            z.string().min(1).max(64),
            z.union([z.string().max(256), z.number().finite(), z.boolean()], { message: "a trait filter value must be a string, number or boolean" }),
          )
          .refine((t) => Object.keys(t).length <= 10, "at most 10 trait filters"),
      )
      .optional(),
    loyalty: z.enum(["member", "non_member"], { message: 'loyalty must be "member" or "non_member"' }).optional(),
    engagement: z.enum(["high", "low", "none"], { message: 'engagement must be "high", "low" or "none"' }).optional(),
    cohort: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'cohort is the month of the first order, as "2026-01"')
      // Events start in 1970 (ingest refuses earlier ones); 9999-12 would end in the year 10000, past what dates hold.
      .refine((month) => month >= "1970-01" && month <= "9998-12", 'cohort is a month from "1970-01" to "9998-12"')
      .optional(),
  })
  .strict();

export type Segment = z.infer<typeof segmentSchema>;

/** A segment with no part at all is no segment. */
export function isEmptySegment(segment: Segment | null | undefined): boolean {
  return !segment || (!segment.loyalty && !segment.engagement && !segment.cohort && Object.keys(segment.traits ?? {}).length === 0);
}
