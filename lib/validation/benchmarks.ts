import { z } from "zod";
import { PRESET_IDS } from "../benchmarks/presets";

const threshold = (what: string) =>
  z
    .number({ message: `Enter the ${what} as a number.` })
    .refine(Number.isFinite, { message: `Enter the ${what} as a number.` })
    .refine((n) => Math.abs(n) <= 1e9, { message: `The ${what} is too large.` });

/** One metric's target, as admins set it; the service checks it against the metric's unit and direction. */
export const targetInput = z.object({
  metricKey: z.string().trim().min(1).max(64),
  target: threshold("target"),
  warning: threshold("warning threshold"),
});
export type TargetInput = z.infer<typeof targetInput>;

export const targetKey = z.object({ metricKey: z.string().trim().min(1).max(64) });

export const presetInput = z.object({ presetId: z.enum(PRESET_IDS, { message: "Choose one of the listed presets." }) });
