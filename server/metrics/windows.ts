import "server-only";
import { sql, type SQL } from "drizzle-orm";

/**
 * Every outcome window of the catalog: a case whose window has not ended by the time of the query is
 * pending (metrics.md "Outcome windows"), so these are the only ways an answer depends on "now". A
 * metric that judges a case against `ctx.now` takes its window from here (and the organisation's
 * abandonment window from its settings): the answer cache keeps an answer only until the next of
 * these windows ends after an event (answer-cache.ts `stableUntil`), and a window missing here would
 * let it serve an answer past the moment it changed.
 */
// In hours: metrics.md's "N days" is N x 24 h, and the connections run in UTC (db/index.ts), where an
// interval of days and one of as many 24 hours are the same length.
export const OUTCOME_WINDOWS = {
  /** eol.prompted -> take-back, recycling or resale (beyond.ts). */
  endOfLifeAction: 30 * 24,
  /** cart.recovery_sent -> completion (checkout.ts). */
  cartRecoveryConversion: 7 * 24,
  /** trial.started -> paid subscription.started (industry.ts). */
  trialConversion: 30 * 24,
  /** medication.dose_scheduled -> dose_taken (industry.ts). */
  doseTaken: 24,
  /** first order -> onboarding.call_booked (journey.ts). */
  onboardingCall: 14 * 24,
  /** order.placed -> the post-purchase event naming it (post-purchase.ts). */
  postPurchaseFollowUp: 30 * 24,
  /** survey.sent -> survey.responded (voice.ts). */
  surveyResponse: 14 * 24,
} as const;

export type OutcomeWindow = keyof typeof OUTCOME_WINDOWS;

/** A window of `hours` as an SQL interval. */
export const hoursSql = (hours: number): SQL => sql`(${hours} * interval '1 hour')`;

/** The window as an SQL interval literal (a constant of the statement, as the planner saw it before). */
export const windowSql = (name: OutcomeWindow): SQL => sql.raw(`interval '${OUTCOME_WINDOWS[name]} hours'`);

/** The window's length in milliseconds (to bound what a statement reads after a period). */
export const windowMs = (name: OutcomeWindow): number => OUTCOME_WINDOWS[name] * 3_600_000;

