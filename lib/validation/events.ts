import { z } from "zod";

/** Relative time ranges of the explorer; resolved on the server so every reader agrees on "now". */
export const TIME_PRESETS = {
  "1h": { label: "Last hour", ms: 60 * 60 * 1000 },
  "24h": { label: "Last 24 hours", ms: 24 * 60 * 60 * 1000 },
  "7d": { label: "Last 7 days", ms: 7 * 24 * 60 * 60 * 1000 },
  "30d": { label: "Last 30 days", ms: 30 * 24 * 60 * 60 * 1000 },
} as const;
export type TimePreset = keyof typeof TIME_PRESETS;
export const TIME_PRESET_KEYS = Object.keys(TIME_PRESETS) as [TimePreset, ...TimePreset[]];

/** Merchant ids are 1-128 characters (events.md). */
export const customerIdField = z.string().min(1, { message: "Enter a customer id." }).max(128, { message: "A customer id has at most 128 characters." });

// An empty text box means "no filter", not an error.
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, { message })
    .optional()
    .transform((v) => v || undefined);

/** The explorer's filter fields; procedures add their own paging fields and then `checkEventFilter`. */
export const eventFilterFields = {
  types: z.array(z.string().min(1).max(128)).max(100, { message: "Choose at most 100 types." }).optional(),
  custom: z.boolean().optional(),
  actor: optionalText(128, "A customer or anonymous id has at most 128 characters."),
  last: z.enum(TIME_PRESET_KEYS, { message: `Choose one of ${TIME_PRESET_KEYS.join(", ")}.` }).optional(),
  from: z.date({ message: "Enter a valid start time." }).optional(),
  to: z.date({ message: "Enter a valid end time." }).optional(),
  messageId: optionalText(128, "A message id has at most 128 characters."),
};

type RangeFields = { last?: TimePreset; from?: Date; to?: Date };

export function checkEventFilter(filter: RangeFields, ctx: z.RefinementCtx): void {
  if (filter.last && (filter.from || filter.to)) ctx.addIssue({ code: "custom", path: ["last"], message: "Choose a preset or a custom range, not both." });
  if (filter.from && filter.to && filter.from >= filter.to) ctx.addIssue({ code: "custom", path: ["from"], message: "The start must be before the end." });
}

export const eventFilterInput = z.object(eventFilterFields).superRefine(checkEventFilter);
export type EventFilterInput = z.input<typeof eventFilterInput>;
