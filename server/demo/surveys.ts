import { DAY, HOUR, MINUTE, SECOND } from "./calendar";
import type { Rng, Weighted } from "./random";
import type { Timeline, Who } from "./timeline";

/** How the experience went, for the score someone gives. */
export type Mood = "good" | "neutral" | "bad";

// 0-10. Happy customers of a well-liked brand: many 9s and 10s, a tail of detractors that grows
// after late parcels and returns.
const NPS: Record<Mood, readonly number[]> = {
  good: [1, 0.5, 0.5, 1, 1, 2, 3, 6, 12, 24, 49],
  neutral: [2, 1, 1, 2, 3, 5, 7, 12, 18, 22, 27],
  bad: [9, 5, 6, 8, 8, 10, 10, 11, 11, 9, 13],
};
// 1-7 agree scale, "made it easy for me": higher is easier.
const CES: Record<Mood, readonly number[]> = {
  good: [1, 2, 3, 7, 17, 33, 37],
  neutral: [2, 4, 7, 14, 25, 28, 20],
  bad: [10, 13, 16, 18, 18, 15, 10],
};
const CSAT: Record<Mood, readonly number[]> = {
  good: [1, 2, 6, 30, 61],
  neutral: [3, 6, 15, 38, 38],
  bad: [12, 14, 20, 28, 26],
};
const DPP_FEEDBACK: readonly number[] = [3, 6, 16, 39, 36];

const COMMENTS = {
  positive: [
    "Great quality, and I love that I can have it repaired.",
    "Fast delivery and lovely packaging without plastic.",
    "The product passport told me exactly where my jacket was made.",
    "Fits perfectly. Will order again.",
    "Customer service sorted my question in minutes.",
    "Good to see a brand that takes returns of worn gear back.",
  ],
  neutral: [
    "Nice product, but delivery took a bit longer than promised.",
    "OK overall; the size guide could be clearer.",
    "Fine, though shipping to my country is expensive.",
    "Good, but I had to ask twice about my refund.",
  ],
  negative: [
    "My parcel was a week late and nobody told me why.",
    "The return took far too long to be refunded.",
    "Item arrived damaged.",
    "Too expensive for what it is.",
    "The checkout kept asking me to create an account.",
  ],
  dpp: [
    "Helpful to see the materials and the repair options.",
    "I would like more detail on the factory.",
    "Scanning the label worked well.",
    "The recycling instructions were unclear.",
  ],
} as const;

function fromWeights(rng: Rng, weights: readonly number[], first: number): number {
  return rng.weighted(weights.map((w, i) => [first + i, w] as const));
}

/** How long people take to answer a survey: most within hours, a few days later. */
function responseDelay(rng: Rng): number {
  return rng.chance(0.75) ? Math.min(rng.logNormal(2 * HOUR, 1.1), 2 * DAY) : rng.between(1, 9) * DAY;
}

function comment(rng: Rng, sentiment: keyof typeof COMMENTS): Record<string, string> {
  return rng.chance(0.3) ? { comment: rng.pick(COMMENTS[sentiment]) } : {};
}

export type ScoredKind = "nps" | "ces" | "csat" | "dpp_feedback";

function scoreFor(rng: Rng, kind: ScoredKind, mood: Mood): { score: number; sentiment: keyof typeof COMMENTS } {
  switch (kind) {
    case "nps": {
      const score = fromWeights(rng, NPS[mood], 0);
      return { score, sentiment: score >= 9 ? "positive" : score >= 7 ? "neutral" : "negative" };
    }
    case "ces": {
      const score = fromWeights(rng, CES[mood], 1);
      return { score, sentiment: score >= 6 ? "positive" : score >= 4 ? "neutral" : "negative" };
    }
    case "csat": {
      const score = fromWeights(rng, CSAT[mood], 1);
      return { score, sentiment: score >= 4 ? "positive" : score === 3 ? "neutral" : "negative" };
    }
    case "dpp_feedback":
      return { score: fromWeights(rng, DPP_FEEDBACK, 1), sentiment: "dpp" };
  }
}

/**
 * A survey sent (by email, or on a page) and, for some, answered. Response rates stay well below
 * 100%, as they do everywhere.
 */
export function survey(
  rng: Rng,
  timeline: Timeline,
  who: Who,
  sentAt: number,
  kind: ScoredKind,
  options: { responseRate: number; mood?: Mood; surveyId: string; extra?: Record<string, unknown> },
): void {
  if (!timeline.add(sentAt, "survey.sent", who, { kind, surveyId: options.surveyId })) return;
  if (!rng.chance(options.responseRate)) return;
  const { score, sentiment } = scoreFor(rng, kind, options.mood ?? "good");
  const at = sentAt + responseDelay(rng) + MINUTE;
  timeline.add(at, "survey.responded", who, { kind, score, surveyId: options.surveyId, ...comment(rng, sentiment), ...options.extra });
}

const EXIT_REASONS: readonly Weighted<string>[] = [
  [["just_browsing", 40], ["price", 25], ["shipping_cost", 20], ["other", 15]],
  [["account_required", 30], ["shipping_cost", 25], ["just_browsing", 20], ["trust", 10], ["other", 15]],
  [["shipping_cost", 40], ["delivery_time", 30], ["price", 15], ["other", 15]],
  [["payment_options", 45], ["trust", 20], ["price", 15], ["other", 20]],
  [["price", 35], ["payment_options", 20], ["delivery_time", 20], ["other", 25]],
];

const EXIT_COMMENTS: Record<string, string> = {
  shipping_cost: "Shipping costs were higher than I expected.",
  delivery_time: "I need it by the weekend.",
  payment_options: "No invoice payment option.",
  account_required: "I did not want to create an account.",
  trust: "Not sure about the returns process.",
  price: "I will wait for a sale.",
};

/** The exit-intent question shown to some who leave a checkout, with their reason. */
export function exitSurvey(rng: Rng, timeline: Timeline, who: Who, at: number, checkoutId: string, lastStep: number): void {
  if (!rng.chance(0.3)) return;
  if (!timeline.add(at, "survey.sent", who, { kind: "exit", surveyId: "exit-intent" })) return;
  if (!rng.chance(0.24)) return;
  const reason = rng.weighted(EXIT_REASONS[lastStep]!);
  const text = EXIT_COMMENTS[reason];
  timeline.add(at + rng.int(4, 40) * SECOND, "survey.responded", who, {
    kind: "exit",
    surveyId: "exit-intent",
    reason,
    checkoutId,
    ...(text && rng.chance(0.4) ? { comment: text } : {}),
  });
}
