import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { organizations, surveyResponses, surveys } from "@/db/schema";
import { SURVEY_KIND_INFO, type PublicSurvey, type SurveyKind } from "@/lib/surveys/kinds";
import type { AnswerInput } from "@/lib/validation/surveys";
import { consumeRateLimit } from "@/server/http/rate-limit";
import { removeAnswerEvents } from "@/server/ingest/remove-answers";
import { ingestEvents } from "@/server/ingest/store";
import { parseSurveyToken, verifyRecipient } from "./survey-tokens";

/**
 * The public side of surveys: what a link shows and what an answer does. Nothing here needs a
 * session; the link's token is the only credential, and it only lets its holder answer.
 */

export type SurveyLink =
  | { state: "open"; survey: PublicSurvey; customerId: string | null }
  | { state: "closed"; survey: PublicSurvey }
  | { state: "invalid" };

async function surveyOfToken(db: Executor, token: string) {
  const parsed = parseSurveyToken(token);
  if (!parsed) return null;
  // A recipient link's first part is the survey's recipient token, never its public one: cut short,
  // it opens nothing.
  const [row] = await db
    .select({ survey: surveys, orgName: organizations.name, currency: organizations.currency })
    .from(surveys)
    .innerJoin(organizations, eq(organizations.id, surveys.orgId))
    .where(parsed.recipient ? eq(surveys.recipientToken, parsed.surveyToken) : eq(surveys.publicToken, parsed.surveyToken));
  if (!row) return null;
  // A per-recipient link whose signature does not hold is as good as no link: never fall back to anonymous.
  const customerId = parsed.recipient ? verifyRecipient(row.survey.signingSecret, parsed) : null;
  if (parsed.recipient && customerId === null) return null;
  return { ...row, customerId };
}

function publicSurvey(row: typeof surveys.$inferSelect, orgName: string): PublicSurvey {
  return { id: row.id, kind: row.kind as SurveyKind, question: row.question, followUp: row.followUp, reasons: row.reasons, accentColor: row.accentColor, orgName };
}

export async function resolveSurveyLink(db: Executor, token: string): Promise<SurveyLink> {
  const found = await surveyOfToken(db, token);
  if (!found) return { state: "invalid" };
  const survey = publicSurvey(found.survey, found.orgName);
  return found.survey.closedAt ? { state: "closed", survey } : { state: "open", survey, customerId: found.customerId };
}

export type AnswerOutcome =
  | { ok: true; replaced: boolean }
  | { ok: false; problem: "invalid" | "closed" }
  | { ok: false; problem: "rate_limited"; retryAfterSeconds: number }
  | { ok: false; problem: "bad_answer"; message: string };

/** Why an answer does not fit its survey, in words for the respondent; null when it fits. */
function answerProblem(survey: PublicSurvey, answer: AnswerInput): string | null {
  const scale = SURVEY_KIND_INFO[survey.kind].scale;
  if (scale) {
    if (answer.score === undefined || Number.isNaN(answer.score)) return "Choose a score to send your answer.";
    if (answer.score < scale.min || answer.score > scale.max) return `Choose a score from ${scale.min} to ${scale.max}.`;
    return null;
  }
  if (answer.reason && !survey.reasons.includes(answer.reason)) return "Choose one of the listed reasons.";
  if (!answer.reason && !answer.comment) return "Choose a reason or tell us in your own words.";
  return null;
}

/**
 * Stores an answer as a survey.responded event. From a per-recipient link, the customer's earlier
 * answer to this survey is removed in the same transaction: one answer per recipient, the latest.
 * A filled honeypot is answered like a success and stores nothing (a bot learns nothing from it).
 */
export async function submitAnswer(db: Executor, token: string, answer: AnswerInput, meta: { ip: string; now?: Date }): Promise<AnswerOutcome> {
  // Per address and link (a mobile carrier puts many respondents behind one address, each answering
  // their own survey), and per link overall.
  const linkKey = token.slice(0, 22);
  const limited = (await consumeRateLimit("survey_ip", `${meta.ip}:${linkKey}`)) ?? (await consumeRateLimit("survey", linkKey));
  if (limited) return { ok: false, problem: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };
  const found = await surveyOfToken(db, token);
  if (!found) return { ok: false, problem: "invalid" };
  if (found.survey.closedAt) return { ok: false, problem: "closed" };
  if (answer.website) return { ok: true, replaced: false };
  const survey = publicSurvey(found.survey, found.orgName);
  const problem = answerProblem(survey, answer);
  if (problem) return { ok: false, problem: "bad_answer", message: problem };

  const now = meta.now ?? new Date();
  const org = { id: found.survey.orgId, currency: found.currency };
  const event = {
    type: "survey.responded",
    // An anonymous answer gets an actor of its own, so that it counts once and never merges with anyone.
    ...(found.customerId ? { customerId: found.customerId } : { anonymousId: `survey-${randomUUID()}` }),
    timestamp: now.toISOString(),
    properties: {
      kind: survey.kind,
      surveyId: survey.id,
      ...(answer.score !== undefined && SURVEY_KIND_INFO[survey.kind].scale ? { score: answer.score } : {}),
      ...(answer.reason ? { reason: answer.reason } : {}),
      ...(answer.comment ? { comment: answer.comment } : {}),
    },
  };
  const customerId = found.customerId;
  if (!customerId) {
    await store(db, org, event, now);
    return { ok: true, replaced: false };
  }
  return db.transaction(async (tx) => {
    // Two answers from one link at once: the second waits, then replaces the first.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`survey-answer:${survey.id}:${customerId}`}, 0))`);
    const earlier = await tx
      .select({ eventId: surveyResponses.eventId })
      .from(surveyResponses)
      .where(and(eq(surveyResponses.orgId, org.id), eq(surveyResponses.surveyId, survey.id), eq(surveyResponses.customerId, customerId)));
    // The earlier answer goes first: its removal takes the customer's activity-day lock exclusively,
    // the new answer's ingest then only shares it. The other way round, two answers of one customer to
    // two surveys at once each held the shared lock and waited for the other's exclusive one.
    await removeAnswerEvents(tx, org.id, earlier.map((e) => Number(e.eventId)));
    await store(tx, org, event, now);
    return { ok: true, replaced: earlier.length > 0 };
  });
}

async function store(db: Executor, org: { id: string; currency: string }, event: unknown, now: Date): Promise<void> {
  const result = await ingestEvents(db, org, [event], { source: "survey", now });
  // The answer was checked against its survey above; a refusal here is a bug, not the respondent's doing.
  if (result.accepted !== 1) throw new Error(`survey answer not stored: ${JSON.stringify(result.rejected)}`);
}
