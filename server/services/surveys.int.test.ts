import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db";
import { insertOrganizationWithRoles } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { callerFor } from "@/server/testing/caller";
import { failure, outcome } from "@/server/testing/outcomes";
import { closeRateLimiters } from "@/server/http/rate-limit";
import { rebuildActivityDays } from "@/server/ingest/activity-days";
import { resolveSurveyLink, submitAnswer } from "./survey-answers";
import { createRecipientLinks } from "./surveys";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => {
  await tdb.truncate();
  // Each test starts with fresh per-address budgets (the limiters live in memory).
  await closeRateLimiters();
});

const NPS = { kind: "nps" as const, name: "Post-delivery NPS", question: "How likely are you to recommend us?", followUp: "Why?", reasons: [], accentColor: "#17734F" };
const tokenOf = (path: string) => path.replace(/^\/s\//, "");
let ipCounter = 0;
const ip = () => `198.51.100.${++ipCounter % 250}`;

async function shopWithSurvey(input: Record<string, unknown> = NPS) {
  const { org, members } = await insertOrganizationWithRoles(tdb.db);
  const admin = callerFor(tdb.db, members.admin);
  const survey = await admin.survey.create({ orgSlug: org.slug, ...(input as typeof NPS) });
  return { org, members, admin, survey };
}

async function npsOf(admin: ReturnType<typeof callerFor>, orgSlug: string) {
  const [m] = (await admin.metric.summary({ orgSlug, keys: ["nps"], from: "2026-01-01", to: "2027-01-01", compare: false })).metrics;
  return m!;
}

describe("surveys", () => {
  it("an admin creates an NPS survey; its public link answers 10, 9 and 3 and the organisation's NPS is (2 - 1) / 3 = 33.33", async () => {
    const { org, admin, survey } = await shopWithSurvey();
    expect(survey).toMatchObject({ kind: "nps", status: "open", accentColor: "#17734f" });
    expect(survey.publicPath).toMatch(/^\/s\/[A-Za-z0-9_-]{22}$/);
    const now = new Date("2026-12-01T10:00:00Z");
    for (const score of [10, 9, 3]) {
      expect(await submitAnswer(tdb.db, tokenOf(survey.publicPath), { score, comment: score === 3 ? "Late delivery" : undefined }, { ip: ip(), now })).toEqual({ ok: true, replaced: false });
    }
    const nps = await npsOf(admin, org.slug);
    expect(nps.value).toBe(33.3333);
    const detail = await admin.survey.get({ orgSlug: org.slug, surveyId: survey.id });
    expect(detail.stats).toMatchObject({ responses: 3, identified: 0, withComment: 1 });
    expect(detail.stats.distribution.sort((a, b) => Number(a.value) - Number(b.value))).toEqual([
      { value: "3", count: 1 },
      { value: "9", count: 1 },
      { value: "10", count: 1 },
    ]);
  });

  it("a per-recipient link attaches the answer to its customer, and a second answer replaces the first everywhere", async () => {
    const { org, admin, survey } = await shopWithSurvey();
    // Sent on 1 November: by now their 14-day answer window has closed, so the response rate counts them.
    const actor = { userId: null, label: "test" };
    const { links, sent } = await createRecipientLinks(tdb.db, actor, org, { surveyId: survey.id, customerIds: ["c1", "c2", "c1"], recordSent: true }, new Date("2026-11-01T09:00:00Z"));
    expect(sent).toBe(2);
    expect(links.map((l) => l.customerId)).toEqual(["c1", "c2"]);
    // The same list again that day records no second send (it would halve the response rate).
    const again = await createRecipientLinks(tdb.db, actor, org, { surveyId: survey.id, customerIds: ["c2", "c1"], recordSent: true }, new Date("2026-11-01T15:00:00Z"));
    expect(again.sent).toBe(0);
    expect(again.links.map((l) => l.path)).toEqual([links[1]!.path, links[0]!.path]);
    const c1 = tokenOf(links[0]!.path);
    expect(await resolveSurveyLink(tdb.db, c1)).toMatchObject({ state: "open", customerId: "c1" });

    const first = await submitAnswer(tdb.db, c1, { score: 2 }, { ip: ip(), now: new Date("2026-11-02T10:00:00Z") });
    expect(first).toEqual({ ok: true, replaced: false });
    expect((await npsOf(admin, org.slug)).value).toBe(-100);
    const second = await submitAnswer(tdb.db, c1, { score: 10, comment: "Changed my mind" }, { ip: ip(), now: new Date("2026-11-03T10:00:00Z") });
    expect(second).toEqual({ ok: true, replaced: true });
    expect((await npsOf(admin, org.slug)).value).toBe(100);

    const responses = await admin.survey.responses({ orgSlug: org.slug, surveyId: survey.id });
    expect(responses.items.map((r) => [r.customerId, r.score, r.comment])).toEqual([["c1", 10, "Changed my mind"]]);
    // The raw events agree: one answer and two sends.
    const [counts] = rowsOf<{ answered: number; sent: number }>(
      await tdb.db.execute(sql`select count(*) filter (where type = 'survey.responded')::int as answered, count(*) filter (where type = 'survey.sent')::int as sent from events where org_id = ${org.id}`),
    );
    expect(counts).toEqual({ answered: 1, sent: 2 });
    // The activity days kept up at ingest equal a rebuild from the raw events: the replaced answer left no trace.
    const days = async () =>
      rowsOf(await tdb.db.execute(sql`select day::text, customer_id, initiated, sustainability, lifecycle from customer_activity_days where org_id = ${org.id} order by 1, 2`));
    const maintained = await days();
    await tdb.db.transaction((tx) => rebuildActivityDays(tx, org.id));
    expect(await days()).toEqual(maintained);
    // Response rate: 1 of the 2 sends answered within 14 days = 50 %.
    const [rate] = (await admin.metric.summary({ orgSlug: org.slug, keys: ["survey_response_rate"], from: "2026-01-01", to: "2027-01-01", compare: false })).metrics;
    expect(rate!.value).toBe(50);
  });

  it("a tampered, truncated or unknown link is invalid; a closed survey says so and takes no answer until reopened", async () => {
    const { org, admin, survey } = await shopWithSurvey();
    const { links } = await admin.survey.recipientLinks({ orgSlug: org.slug, surveyId: survey.id, customerIds: ["c1"], recordSent: false });
    const token = tokenOf(links[0]!.path);
    const [pub, , mac] = token.split(".");
    const forged = `${pub}.${Buffer.from("someone-else").toString("base64url")}.${mac}`;
    // The link cut short after its first part is no anonymous link: a recipient cannot answer again and again.
    for (const bad of [forged, token.slice(0, -2), pub!, "x".repeat(22), "not a token"]) {
      expect(await resolveSurveyLink(tdb.db, bad)).toEqual({ state: "invalid" });
      expect(await submitAnswer(tdb.db, bad, { score: 5 }, { ip: ip() })).toEqual({ ok: false, problem: "invalid" });
    }
    await admin.survey.setClosed({ orgSlug: org.slug, surveyId: survey.id, closed: true });
    expect((await resolveSurveyLink(tdb.db, token)).state).toBe("closed");
    expect(await submitAnswer(tdb.db, token, { score: 5 }, { ip: ip() })).toEqual({ ok: false, problem: "closed" });
    await admin.survey.setClosed({ orgSlug: org.slug, surveyId: survey.id, closed: false });
    expect((await submitAnswer(tdb.db, token, { score: 5 }, { ip: ip() })).ok).toBe(true);
    const log = await admin.audit.list({ orgSlug: org.slug, targetType: "survey" });
    expect(log.items.map((e) => e.action)).toEqual(["survey.reopened", "survey.closed", "survey.links_created", "survey.created"]);
    // The log never holds the link's token or secret.
    expect(JSON.stringify(log.items)).not.toContain(pub);
  });

  it("answers outside the scale, unknown reasons and empty exit answers are refused with a message; a filled honeypot stores nothing", async () => {
    const { org, admin, survey } = await shopWithSurvey();
    const token = tokenOf(survey.publicPath);
    expect(await submitAnswer(tdb.db, token, { score: 11 }, { ip: ip() })).toEqual({ ok: false, problem: "bad_answer", message: "Choose a score from 0 to 10." });
    expect(await submitAnswer(tdb.db, token, {}, { ip: ip() })).toMatchObject({ ok: false, problem: "bad_answer" });
    expect(await submitAnswer(tdb.db, token, { score: 10, website: "http://spam.example" }, { ip: ip() })).toEqual({ ok: true, replaced: false });
    expect((await admin.survey.get({ orgSlug: org.slug, surveyId: survey.id })).stats.responses).toBe(0);

    const exit = await admin.survey.create({ orgSlug: org.slug, kind: "exit", name: "Exit", question: "What stopped you?", followUp: null, reasons: ["Shipping costs", "Just browsing"], accentColor: "#17734f" });
    const exitToken = tokenOf(exit.publicPath);
    expect(await submitAnswer(tdb.db, exitToken, { reason: "Price" }, { ip: ip() })).toMatchObject({ problem: "bad_answer", message: "Choose one of the listed reasons." });
    expect(await submitAnswer(tdb.db, exitToken, {}, { ip: ip() })).toMatchObject({ problem: "bad_answer", message: "Choose a reason or tell us in your own words." });
    expect(await submitAnswer(tdb.db, exitToken, { comment: "No Klarna" }, { ip: ip() })).toMatchObject({ ok: true });
    expect(await submitAnswer(tdb.db, exitToken, { reason: "Shipping costs", score: 4 }, { ip: ip() })).toMatchObject({ ok: true });
    const answers = await admin.survey.responses({ orgSlug: org.slug, surveyId: exit.id });
    // An exit answer carries no score even when one is posted.
    expect(answers.items.map((r) => [r.reason, r.score, r.comment])).toEqual([
      ["Shipping costs", null, null],
      [null, null, "No Klarna"],
    ]);
  });

  it("one address gets 20 answers per 10 minutes on one link, then is asked to wait; another address is not", async () => {
    const { survey } = await shopWithSurvey();
    const token = tokenOf(survey.publicPath);
    for (let i = 0; i < 20; i++) expect((await submitAnswer(tdb.db, token, { score: 7 }, { ip: "192.0.2.1" })).ok).toBe(true);
    const limited = await submitAnswer(tdb.db, token, { score: 7 }, { ip: "192.0.2.1" });
    expect(limited).toMatchObject({ ok: false, problem: "rate_limited" });
    expect((await submitAnswer(tdb.db, token, { score: 7 }, { ip: "192.0.2.2" })).ok).toBe(true);
  });

  it("responses filter by score, reason, comment and time, page by cursor", async () => {
    const { org, admin, survey } = await shopWithSurvey();
    const token = tokenOf(survey.publicPath);
    const scores = [0, 5, 6, 7, 9, 10];
    for (const [i, score] of scores.entries()) {
      await submitAnswer(tdb.db, token, { score, comment: score < 7 ? `low ${score}` : undefined }, { ip: ip(), now: new Date(Date.UTC(2026, 10, 1 + i, 12)) });
    }
    const list = (filter: Record<string, unknown>) => admin.survey.responses({ orgSlug: org.slug, surveyId: survey.id, ...filter });
    expect((await list({ maxScore: 6 })).items.map((r) => r.score)).toEqual([6, 5, 0]);
    expect((await list({ minScore: 9 })).items.map((r) => r.score)).toEqual([10, 9]);
    expect((await list({ withComment: true })).items).toHaveLength(3);
    expect((await list({ from: new Date("2026-11-03T00:00:00Z"), to: new Date("2026-11-05T00:00:00Z") })).items.map((r) => r.score)).toEqual([7, 6]);
    const page1 = await list({ limit: 4 });
    const page2 = await list({ limit: 4, cursor: page1.nextCursor });
    expect([...page1.items, ...page2.items].map((r) => r.score)).toEqual([10, 9, 7, 6, 5, 0]);
    expect(page2.nextCursor).toBeNull();
  });

  it.each([
    [{ ...NPS, accentColor: "#ffee00" }, "too light"],
    [{ ...NPS, accentColor: "green" }, "#rrggbb"],
    [{ ...NPS, question: "" }, "Write the question"],
    [{ ...NPS, kind: "exit", reasons: ["Only one"] }, "at least two reasons"],
    [{ ...NPS, reasons: ["Price", "Speed"] }, "Only exit surveys"],
    [{ ...NPS, kind: "exit", reasons: ["Price", "price"] }, "Each reason once"],
  ])("refuses %j with a message", async (input, message) => {
    const { org, members } = await insertOrganizationWithRoles(tdb.db);
    const error = await failure(callerFor(tdb.db, members.admin).survey.create({ orgSlug: org.slug, ...(input as typeof NPS) }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(error.cause)).toContain(message);
  });

  it("only admins manage surveys; members of another organisation cannot see them", async () => {
    const { org, members, survey } = await shopWithSurvey();
    for (const role of ["analyst", "viewer"] as const) {
      const caller = callerFor(tdb.db, members[role]);
      expect(await outcome(caller.survey.create({ orgSlug: org.slug, ...NPS }))).toBe("FORBIDDEN");
      expect(await outcome(caller.survey.setClosed({ orgSlug: org.slug, surveyId: survey.id, closed: true }))).toBe("FORBIDDEN");
      expect(await outcome(caller.survey.recipientLinks({ orgSlug: org.slug, surveyId: survey.id, customerIds: ["c1"] }))).toBe("FORBIDDEN");
      expect(await outcome(caller.survey.get({ orgSlug: org.slug, surveyId: survey.id }))).toBe("OK");
    }
    const other = await insertOrganizationWithRoles(tdb.db);
    const stranger = callerFor(tdb.db, other.members.owner);
    expect(await outcome(stranger.survey.get({ orgSlug: other.org.slug, surveyId: survey.id }))).toBe("NOT_FOUND");
    expect(await outcome(stranger.survey.responses({ orgSlug: other.org.slug, surveyId: survey.id }))).toBe("NOT_FOUND");
    expect(await outcome(stranger.survey.setClosed({ orgSlug: other.org.slug, surveyId: survey.id, closed: true }))).toBe("NOT_FOUND");
    expect(await stranger.survey.list({ orgSlug: other.org.slug })).toEqual([]);
  });
});
