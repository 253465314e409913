import "server-only";
import { createHash } from "node:crypto";
import { and, desc, eq, gte, isNotNull, lt, lte, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { events, surveyResponses, surveys } from "@/db/schema";
import type { SurveyKind } from "@/lib/surveys/kinds";
import { reasonsProblem, type SurveyInput, type SurveyUpdate } from "@/lib/validation/surveys";
import { badRequest, notFound } from "@/server/errors";
import { ingestEvents } from "@/server/ingest/store";
import { recordAudit, type Actor } from "./audit";
import { newPublicToken, newSigningSecret, recipientLinkToken } from "./survey-tokens";

/**
 * Surveys as the team manages them: create, edit, close and reopen, per-recipient links (recording
 * survey.sent), and the responses list. The public side (answering a link) is survey-answers.ts.
 */

type SurveyRow = typeof surveys.$inferSelect;

export interface SurveyView {
  id: string;
  kind: SurveyKind;
  name: string;
  question: string;
  followUp: string | null;
  reasons: string[];
  accentColor: string;
  status: "open" | "closed";
  closedAt: Date | null;
  createdAt: Date;
  /** The anonymous link's path: anyone with it can answer. */
  publicPath: string;
}

export function surveyView(row: SurveyRow): SurveyView {
  return {
    id: row.id,
    kind: row.kind as SurveyKind,
    name: row.name,
    question: row.question,
    followUp: row.followUp,
    reasons: row.reasons,
    accentColor: row.accentColor,
    status: row.closedAt ? "closed" : "open",
    closedAt: row.closedAt,
    createdAt: row.createdAt,
    publicPath: `/s/${row.publicToken}`,
  };
}

/** What the audit log keeps of a survey: its content, never its token or secret. */
function audited(view: SurveyView) {
  const { id, kind, name, question, followUp, reasons, accentColor, status } = view;
  return { id, kind, name, question, followUp, reasons, accentColor, status };
}

async function requireSurvey(db: Executor, orgId: string, surveyId: string): Promise<SurveyRow> {
  const [row] = await db.select().from(surveys).where(and(eq(surveys.orgId, orgId), eq(surveys.id, surveyId)));
  if (!row) throw notFound("Survey");
  return row;
}

export async function createSurvey(db: Executor, actor: Actor, orgId: string, input: SurveyInput): Promise<SurveyView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(surveys)
      .values({ orgId, ...input, publicToken: newPublicToken(), recipientToken: newPublicToken(), signingSecret: newSigningSecret() })
      .returning();
    const view = surveyView(row!);
    await recordAudit(tx, { orgId, actor, action: "survey.created", targetType: "survey", targetId: view.id, after: audited(view) });
    return view;
  });
}

/** The kind stays: answers already given were on its scale. */
export async function updateSurvey(db: Executor, actor: Actor, orgId: string, input: SurveyUpdate): Promise<SurveyView> {
  return db.transaction(async (tx) => {
    const before = surveyView(await requireSurvey(tx, orgId, input.surveyId));
    const problem = reasonsProblem(before.kind, input.reasons);
    if (problem) throw badRequest(problem, "reasons");
    const { surveyId, ...fields } = input;
    const [row] = await tx
      .update(surveys)
      .set({ ...fields, updatedAt: new Date() })
      .where(and(eq(surveys.orgId, orgId), eq(surveys.id, surveyId)))
      .returning();
    const after = surveyView(row!);
    await recordAudit(tx, { orgId, actor, action: "survey.updated", targetType: "survey", targetId: surveyId, before: audited(before), after: audited(after) });
    return after;
  });
}

/** Closing keeps every answer; the links then show a friendly "closed" page until it is reopened. */
export async function setSurveyClosed(db: Executor, actor: Actor, orgId: string, surveyId: string, closed: boolean): Promise<SurveyView> {
  return db.transaction(async (tx) => {
    const before = await requireSurvey(tx, orgId, surveyId);
    if (Boolean(before.closedAt) === closed) return surveyView(before);
    const [row] = await tx
      .update(surveys)
      .set({ closedAt: closed ? new Date() : null, updatedAt: new Date() })
      .where(and(eq(surveys.orgId, orgId), eq(surveys.id, surveyId)))
      .returning();
    await recordAudit(tx, { orgId, actor, action: closed ? "survey.closed" : "survey.reopened", targetType: "survey", targetId: surveyId });
    return surveyView(row!);
  });
}

export interface SurveyStats {
  responses: number;
  /** Answers with a customer behind them (per-recipient links), the rest anonymous. */
  identified: number;
  withComment: number;
  sent: number;
  lastResponseAt: Date | null;
  /** Answers per score (or per reason for exit surveys), for the distribution chart. */
  distribution: { value: string; count: number }[];
}

export async function listSurveys(db: Executor, orgId: string): Promise<(SurveyView & { responses: number; lastResponseAt: Date | null })[]> {
  const rows = await db
    .select({
      survey: surveys,
      responses: sql<number>`(select count(*)::int from ${surveyResponses} r where r.org_id = ${surveys.orgId} and r.survey_id = ${surveys.id}::text)`,
      lastResponseAt: sql<Date | null>`(select max(r.responded_at) from ${surveyResponses} r where r.org_id = ${surveys.orgId} and r.survey_id = ${surveys.id}::text)`,
    })
    .from(surveys)
    .where(eq(surveys.orgId, orgId))
    .orderBy(desc(surveys.createdAt));
  return rows.map((r) => ({ ...surveyView(r.survey), responses: Number(r.responses), lastResponseAt: r.lastResponseAt ? new Date(r.lastResponseAt) : null }));
}

export async function getSurvey(db: Executor, orgId: string, surveyId: string): Promise<SurveyView & { stats: SurveyStats }> {
  const view = surveyView(await requireSurvey(db, orgId, surveyId));
  const mine = and(eq(surveyResponses.orgId, orgId), eq(surveyResponses.surveyId, surveyId));
  const [totals] = await db
    .select({
      responses: sql<number>`count(*)::int`,
      identified: sql<number>`count(${surveyResponses.customerId})::int`,
      withComment: sql<number>`count(*) filter (where ${surveyResponses.comment} is not null)::int`,
      lastResponseAt: sql<string | null>`max(${surveyResponses.respondedAt})`,
    })
    .from(surveyResponses)
    .where(mine);
  const bucket = view.kind === "exit" ? sql<string>`coalesce(${surveyResponses.reason}, '(none)')` : sql<string>`(${surveyResponses.score})::int::text`;
  const distribution = await db.select({ value: bucket, count: sql<number>`count(*)::int` }).from(surveyResponses).where(mine).groupBy(bucket);
  const [sent] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from ${events} where ${events.orgId} = ${orgId} and ${events.type} = 'survey.sent' and ${events.properties}->>'surveyId' = ${surveyId}`),
  );
  return {
    ...view,
    stats: {
      responses: Number(totals!.responses),
      identified: Number(totals!.identified),
      withComment: Number(totals!.withComment),
      sent: Number(sent!.n),
      lastResponseAt: totals!.lastResponseAt ? new Date(totals!.lastResponseAt) : null,
      distribution: distribution.map((d) => ({ value: String(d.value), count: Number(d.count) })),
    },
  };
}

/**
 * One link per customer, each signed for that customer. With `recordSent`, a survey.sent is recorded
 * per recipient now, so the response rate counts these sends (the merchant sends the links at once).
 * At most one send per customer, survey and day: downloading the same list twice is not two mailings,
 * and counting it twice would halve the response rate.
 */
export async function createRecipientLinks(
  db: Executor,
  actor: Actor,
  org: { id: string; currency: string },
  input: { surveyId: string; customerIds: string[]; recordSent: boolean },
  now = new Date(),
): Promise<{ links: { customerId: string; path: string }[]; sent: number }> {
  const row = await requireSurvey(db, org.id, input.surveyId);
  const customerIds = [...new Set(input.customerIds)];
  const links = customerIds.map((customerId) => ({ customerId, path: `/s/${recipientLinkToken(row, customerId)}` }));
  let sent = 0;
  if (input.recordSent) {
    const result = await ingestEvents(
      db,
      org,
      customerIds.map((customerId) => ({
        id: `survey-sent-${createHash("sha256").update(`${row.id}\n${customerId}\n${now.toISOString().slice(0, 10)}`).digest("base64url").slice(0, 32)}`,
        type: "survey.sent",
        customerId,
        timestamp: now.toISOString(),
        properties: { kind: row.kind, surveyId: row.id },
      })),
      { source: "survey", now },
    );
    sent = result.accepted;
  }
  await recordAudit(db, { orgId: org.id, actor, action: "survey.links_created", targetType: "survey", targetId: row.id, after: { links: links.length, sent } });
  return { links, sent };
}

export interface ResponseFilter {
  from?: Date | null;
  to?: Date | null;
  minScore?: number | null;
  maxScore?: number | null;
  reason?: string | null;
  withComment?: boolean;
  /** Keyset cursor: the event id of the last row of the previous page. */
  cursor?: number | null;
  limit: number;
}

export async function listResponses(db: Executor, orgId: string, surveyId: string, filter: ResponseFilter) {
  await requireSurvey(db, orgId, surveyId);
  const conditions: SQL[] = [eq(surveyResponses.orgId, orgId), eq(surveyResponses.surveyId, surveyId)];
  if (filter.from) conditions.push(gte(surveyResponses.respondedAt, filter.from));
  if (filter.to) conditions.push(lt(surveyResponses.respondedAt, filter.to));
  if (filter.minScore !== null && filter.minScore !== undefined) conditions.push(gte(surveyResponses.score, String(filter.minScore)));
  if (filter.maxScore !== null && filter.maxScore !== undefined) conditions.push(lte(surveyResponses.score, String(filter.maxScore)));
  if (filter.reason) conditions.push(eq(surveyResponses.reason, filter.reason));
  if (filter.withComment) conditions.push(isNotNull(surveyResponses.comment));
  if (filter.cursor) conditions.push(lt(surveyResponses.eventId, filter.cursor));
  const rows = await db
    .select({
      eventId: surveyResponses.eventId,
      respondedAt: surveyResponses.respondedAt,
      score: surveyResponses.score,
      reason: surveyResponses.reason,
      comment: surveyResponses.comment,
      customerId: surveyResponses.customerId,
    })
    .from(surveyResponses)
    .where(and(...conditions))
    // Event ids grow with arrival: newest answers first, and a stable order for the cursor.
    .orderBy(desc(surveyResponses.eventId))
    .limit(filter.limit + 1);
  const hasMore = rows.length > filter.limit;
  const items = (hasMore ? rows.slice(0, filter.limit) : rows).map((r) => ({ ...r, score: r.score === null ? null : Number(r.score) }));
  return { items, nextCursor: hasMore ? items[items.length - 1]!.eventId : null };
}
