import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { eventMessageIds, events, surveyResponses } from "@/db/schema";
import { idArray } from "@/server/metrics/sql";
import { refreshActivityDays, touchedDays } from "./activity-days";
import { saveSessionNames, sessionNamesBefore } from "./visit-sessions";

/**
 * Deletes survey.responded events (a recipient's earlier answer that a new one replaces) with what was
 * derived from them: their survey_responses rows, their message ids, and their share of the activity
 * days and visit sessions, recomputed as if they had never arrived. Answers carry no orders, so
 * nothing else depends on them. Call inside the transaction that stores the replacement, before
 * storing it (survey-answers.ts says why).
 */
export async function removeAnswerEvents(tx: Executor, orgId: string, eventIds: readonly number[]): Promise<void> {
  if (eventIds.length === 0) return;
  const ids = idArray(eventIds);
  // Named before the deletion: the identity links and the events must still say whose they were.
  const days = await touchedDays(tx, orgId, { eventIds });
  const sessionNames = await sessionNamesBefore(tx, orgId, { eventIds });
  await tx.execute(sql`
    with
      gone_events as (
        delete from ${events}
        where ${events.orgId} = ${orgId} and ${events.id} = any(${ids}) and ${events.type} = 'survey.responded'
        returning ${events.messageId}
      ),
      gone_message_ids as (
        delete from ${eventMessageIds}
        where ${eventMessageIds.orgId} = ${orgId} and ${eventMessageIds.messageId} in (select message_id from gone_events)
      )
    delete from ${surveyResponses} where ${surveyResponses.orgId} = ${orgId} and ${surveyResponses.eventId} = any(${ids})`);
  await refreshActivityDays(tx, orgId, days);
  // Sorted, like every write's names (markVisitSessions says why).
  await saveSessionNames(tx, orgId, sessionNames);
}
