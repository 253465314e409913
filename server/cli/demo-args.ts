import { z } from "zod";
import { MAX_DEMO_CUSTOMERS } from "@/server/demo/generate";

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: `Give ${what} as a whole number from ${min.toLocaleString("en")} to ${max.toLocaleString("en")}.` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `Give ${what} as a whole number from ${min.toLocaleString("en")} to ${max.toLocaleString("en")}.` });

/** `--customers`, `--seed` and `--now` of the demo data commands, from their command-line strings. */
export const demoDataArgs = z.object({
  customers: wholeNumber("the number of customers", 1, MAX_DEMO_CUSTOMERS),
  seed: wholeNumber("the seed", 0, 0xffffffff),
  now: z
    .string()
    .trim()
    .pipe(z.iso.datetime({ offset: true, message: "Give an ISO-8601 time with an offset, e.g. 2026-03-02T10:15:00Z." }))
    .transform((s) => new Date(s))
    // Ingest refuses events more than an hour ahead; a "now" in the future would date some there.
    .refine((d) => d.getTime() <= Date.now() + 60_000, { message: "The demo's \"now\" cannot be in the future." })
    .optional(),
});
