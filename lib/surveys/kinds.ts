import { SURVEY_KINDS, SURVEY_SCORE_RANGES, type SurveyKind } from "@/lib/events/taxonomy";

export { SURVEY_KINDS, type SurveyKind };

/**
 * What each survey kind asks and how its scale reads: the builder's defaults and the public page's
 * labels. Scales are the event taxonomy's (events.md), so an answer is always a valid survey.responded.
 */
export interface KindInfo {
  label: string;
  /** The metric its answers feed. */
  feeds: string;
  defaultQuestion: string;
  defaultFollowUp: string;
  /** null for exit surveys: they ask for a reason, not a score. */
  scale: { min: number; max: number; low: string; high: string } | null;
}

const scale = (kind: Exclude<SurveyKind, "exit">, low: string, high: string) => ({ min: SURVEY_SCORE_RANGES[kind][0], max: SURVEY_SCORE_RANGES[kind][1], low, high });

export const SURVEY_KIND_INFO: Record<SurveyKind, KindInfo> = {
  nps: {
    label: "NPS (0-10)",
    feeds: "Net Promoter Score",
    defaultQuestion: "How likely are you to recommend us to a friend or colleague?",
    defaultFollowUp: "What is the main reason for your score?",
    scale: scale("nps", "Not at all likely", "Extremely likely"),
  },
  ces: {
    label: "CES (1-7)",
    feeds: "Customer effort score",
    defaultQuestion: "The company made it easy for me to handle my issue.",
    defaultFollowUp: "What could we have made easier?",
    scale: scale("ces", "Strongly disagree", "Strongly agree"),
  },
  csat: {
    label: "CSAT (1-5)",
    feeds: "Customer satisfaction",
    defaultQuestion: "How satisfied are you with your purchase?",
    defaultFollowUp: "Tell us more (optional).",
    scale: scale("csat", "Very dissatisfied", "Very satisfied"),
  },
  dpp_feedback: {
    label: "Product passport feedback (1-5)",
    feeds: "DPP feedback score",
    defaultQuestion: "How useful was the product passport?",
    defaultFollowUp: "What would you like to see in it?",
    scale: scale("dpp_feedback", "Not useful", "Very useful"),
  },
  exit: {
    label: "Exit survey (reasons)",
    feeds: "Exit survey reasons",
    defaultQuestion: "What stopped you from completing your order today?",
    defaultFollowUp: "Anything else you would like to tell us?",
    scale: null,
  },
};

export const DEFAULT_EXIT_REASONS = ["Shipping costs", "Delivery time", "Payment options", "Just browsing", "Found it cheaper elsewhere", "Other"];

/** The scores a kind offers, lowest first (empty for exit surveys). */
export function scoresOf(kind: SurveyKind): number[] {
  const s = SURVEY_KIND_INFO[kind].scale;
  return s ? Array.from({ length: s.max - s.min + 1 }, (_, i) => s.min + i) : [];
}

/** WCAG relative luminance contrast of a #rrggbb colour against white text. */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

/** What a public survey page shows: never the survey's token, secret or internal name. */
export interface PublicSurvey {
  id: string;
  kind: SurveyKind;
  question: string;
  followUp: string | null;
  reasons: string[];
  accentColor: string;
  orgName: string;
}

/** The survey builder's form state; a new survey starts from its kind's defaults. */
export interface SurveyDraft {
  kind: SurveyKind;
  name: string;
  question: string;
  followUp: string;
  reasons: string;
  accentColor: string;
}

export function draftFor(kind: SurveyKind): SurveyDraft {
  const info = SURVEY_KIND_INFO[kind];
  return {
    kind,
    name: "",
    question: info.defaultQuestion,
    followUp: info.defaultFollowUp,
    reasons: kind === "exit" ? DEFAULT_EXIT_REASONS.join("\n") : "",
    accentColor: "#17734f",
  };
}

/** The public form's honeypot: hidden from people, filled by form-stuffing bots. */
export const HONEYPOT_FIELD = "hp_leave_blank";
