import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { insertOrganizationWithKeys } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { restHandler } from "@/server/http/handler";
import { resolveSurveyLink } from "@/server/services/survey-answers";
import { createSurvey } from "@/server/services/surveys";
import { handleSurveyLinksPost } from "./survey-links";

// What app/api/v1/surveys/[surveyId]/links/route.ts exports.
const POST = restHandler(handleSurveyLinksPost);

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

const actor = { userId: null, label: "test" };
const NPS = { kind: "nps" as const, name: "NPS", question: "How likely are you to recommend us?", followUp: null, reasons: [], accentColor: "#17734f" };

const call = (surveyId: string, key: string | null, body: unknown, contentType = "application/json") =>
  POST(
    new Request(`https://app.example.com/api/v1/surveys/${surveyId}/links`, {
      method: "POST",
      headers: { host: "app.example.com", "x-forwarded-proto": "https", "content-type": contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({ surveyId }) },
  );

describe("POST /api/v1/surveys/{id}/links", () => {
  it("answers signed links on the request's origin, records the sends, and each link opens for its customer", async () => {
    const { org, secretKey } = await insertOrganizationWithKeys(tdb.db);
    const survey = await createSurvey(tdb.db, actor, org.id, NPS);
    const response = await call(survey.id, secretKey, { customerIds: ["cus_1", "cus_2"] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { sent: number; links: { customerId: string; url: string }[] };
    expect(body.sent).toBe(2);
    expect(body.links.map((l) => l.customerId)).toEqual(["cus_1", "cus_2"]);
    for (const link of body.links) {
      expect(link.url).toMatch(/^https:\/\/app\.example\.com\/s\//);
      const token = link.url.split("/s/")[1]!;
      expect(await resolveSurveyLink(tdb.db, token)).toMatchObject({ state: "open", customerId: link.customerId });
    }
    const quiet = (await (await call(survey.id, secretKey, { customerIds: ["cus_3"], recordSent: false })).json()) as { sent: number };
    expect(quiet.sent).toBe(0);
  });

  it("refuses with a status and a message: no key (401), an ingest key (403), another organisation's survey (404), a bad body (400)", async () => {
    const mine = await insertOrganizationWithKeys(tdb.db);
    const theirs = await insertOrganizationWithKeys(tdb.db);
    const survey = await createSurvey(tdb.db, actor, mine.org.id, NPS);
    expect((await call(survey.id, null, { customerIds: ["a"] })).status).toBe(401);
    expect((await call(survey.id, mine.ingestKey, { customerIds: ["a"] })).status).toBe(403);
    const foreign = await call(survey.id, theirs.secretKey, { customerIds: ["a"] });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: { code: "survey_not_found" } });
    expect((await call("not-a-uuid", mine.secretKey, { customerIds: ["a"] })).status).toBe(404);
    const empty = await call(survey.id, mine.secretKey, { customerIds: [] });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: "invalid_body", message: "customerIds: Give at least one customer id." } });
    expect((await call(survey.id, mine.secretKey, "{not json")).status).toBe(400);
    expect((await call(survey.id, mine.secretKey, "{}", "text/csv")).status).toBe(415);
  });
});
