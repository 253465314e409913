import "server-only";
import { z } from "zod";
import { getDb } from "@/db";
import { requestOrigin } from "@/lib/request-origin";
import { env } from "@/lib/env";
import { recipientLinksInput } from "@/lib/validation/surveys";
import { DomainError } from "@/server/errors";
import { createRecipientLinks } from "@/server/services/surveys";
import { keyActor, requireApiKey } from "./api-key-auth";
import { readJsonBody } from "./read-json";
import { apiError } from "./responses";

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * POST /api/v1/surveys/{surveyId}/links (secret key): signed per-recipient links for a list of
 * customers, as the survey page's CSV download makes them. Records a survey.sent per customer unless
 * `recordSent` is false.
 */
export async function handleSurveyLinksPost(request: Request, context: { params: Promise<{ surveyId: string }> }): Promise<Response> {
  const auth = await requireApiKey(request, "secret", "ingest");
  if (!auth.ok) return auth.response;
  const { surveyId } = await context.params;
  if (!z.uuid().safeParse(surveyId).success) return surveyNotFound(surveyId);
  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) return body.response;
  const parsed = recipientLinksInput.safeParse({ ...(typeof body.value === "object" && body.value !== null ? body.value : {}), surveyId });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return apiError(400, "invalid_body", `${issue.path.join(".") || "body"}: ${issue.message}`, { details: z.treeifyError(parsed.error) });
  }
  const db = await getDb();
  try {
    const { links, sent } = await createRecipientLinks(db, await keyActor(db, auth.key), auth.key.org, parsed.data);
    const origin = requestOrigin(request.headers, env.APP_URL);
    return Response.json({ surveyId, sent, links: links.map((l) => ({ customerId: l.customerId, url: `${origin}${l.path}` })) });
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") return surveyNotFound(surveyId);
    throw error;
  }
}

function surveyNotFound(surveyId: string): Response {
  return apiError(404, "survey_not_found", `no survey with id "${surveyId.slice(0, 64)}" in this organisation`);
}
