import { z } from "zod";
import { contrastWithWhite, SURVEY_KINDS } from "../surveys/kinds";

const HEX = /^#[0-9a-fA-F]{6}$/;

const surveyFields = {
  name: z.string().trim().min(1, { message: "Name the survey (only your team sees the name)." }).max(120, { message: "Keep the name under 120 characters." }),
  question: z.string().trim().min(3, { message: "Write the question respondents answer." }).max(300, { message: "Keep the question under 300 characters." }),
  followUp: z
    .string()
    .trim()
    .max(300, { message: "Keep the follow-up under 300 characters." })
    .nullish()
    .transform((v) => (v ? v : null)),
  reasons: z
    .array(z.string().trim().min(1, { message: "A reason cannot be empty." }).max(80, { message: "Keep each reason under 80 characters." }))
    .max(12, { message: "Offer at most 12 reasons." })
    .default([])
    .refine((r) => new Set(r.map((x) => x.toLowerCase())).size === r.length, { message: "Each reason once." }),
  accentColor: z
    .string()
    .trim()
    .regex(HEX, { message: "Give the accent colour as #rrggbb." })
    // Buttons carry white text on the accent: below 3:1 they are unreadable on a phone in the sun.
    .refine((c) => !HEX.test(c) || contrastWithWhite(c) >= 3, { message: "This colour is too light for white text on buttons (contrast below 3:1); pick a darker one." })
    .transform((c) => c.toLowerCase()),
};

/** Exit surveys offer at least two reasons, the other kinds none; an edit (which keeps the kind) checks the same. */
export function reasonsProblem(kind: string, reasons: readonly string[]): string | null {
  if (kind === "exit" && reasons.length < 2) return "An exit survey offers at least two reasons.";
  if (kind !== "exit" && reasons.length) return "Only exit surveys offer reasons.";
  return null;
}

export const surveyInput = z
  .object({ kind: z.enum(SURVEY_KINDS, { message: "Choose a survey kind." }), ...surveyFields })
  .superRefine((s, ctx) => {
    const problem = reasonsProblem(s.kind, s.reasons);
    if (problem) ctx.addIssue({ code: "custom", path: ["reasons"], message: problem });
  });
export type SurveyInput = z.infer<typeof surveyInput>;

export const surveyUpdate = z.object({ surveyId: z.uuid({ message: "Unknown survey." }), ...surveyFields });
export type SurveyUpdate = z.infer<typeof surveyUpdate>;

export const MAX_LINKS_PER_REQUEST = 5000;

export const recipientLinksInput = z.object({
  surveyId: z.uuid({ message: "Unknown survey." }),
  customerIds: z
    .array(z.string().trim().min(1).max(128, { message: "A customer id is at most 128 characters." }))
    .min(1, { message: "Give at least one customer id." })
    .max(MAX_LINKS_PER_REQUEST, { message: `At most ${MAX_LINKS_PER_REQUEST.toLocaleString("en")} links per request.` }),
  /** Records a survey.sent per recipient (the response rate's denominator). */
  recordSent: z.boolean().default(true),
});

/** What the public page posts. The honeypot field is named like one a bot wants to fill. */
export const answerInput = z.object({
  score: z.coerce.number().int().optional(),
  reason: z.string().trim().max(80).optional(),
  comment: z
    .string()
    .trim()
    .max(2000, { message: "Keep your comment under 2,000 characters." })
    .optional()
    .transform((v) => (v ? v : undefined)),
  website: z.string().optional(),
});
/** An answer as the service takes it (the parsed form, or a test's literal). */
export interface AnswerInput {
  score?: number;
  reason?: string;
  comment?: string;
  website?: string;
}
