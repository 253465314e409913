import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { events } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { insertOrganization } from "@/db/testing/factories";
import { DomainError } from "@/server/errors";
import { generateDemoCommand, runGenerateDemo } from "./generate-demo";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());
beforeEach(async () => tdb.truncate());

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("generate-demo", () => {
  it("loads the demo data into the organisation and reports what was stored", async () => {
    const org = await insertOrganization(tdb.db, { slug: "bench", currency: "EUR" });
    const progress: number[] = [];
    const result = await runGenerateDemo(tdb.db, { org: "bench", customers: "25", seed: "7", now: "2026-05-01T12:00:00Z" }, (p) => progress.push(p.customersDone));
    expect(result).toMatchObject({ org: "bench", orgCurrency: "EUR", currency: "EUR", seed: 7, customers: 25, now: "2026-05-01T12:00:00.000Z", duplicates: 0, rejected: 0 });
    expect(result.accepted).toBe(result.events);
    expect(result.eventsPerSecond).toBeGreaterThan(0);
    expect(await tdb.db.$count(events, eq(events.orgId, org.id))).toBe(result.accepted);
    expect(progress.at(-1)).toBe(25);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(generateDemoCommand.notice!(result)).toBeUndefined();

    // Again with the same seed, size and now: nothing new, and the operator is told why.
    const again = await runGenerateDemo(tdb.db, { org: "bench", customers: "25", seed: "7", now: "2026-05-01T12:00:00Z" });
    expect(again).toMatchObject({ accepted: 0, duplicates: result.events });
    expect(generateDemoCommand.notice!(again)).toMatch(/already stored/);
  }, 60_000);

  it("says when the organisation's currency has no demo price list", async () => {
    await insertOrganization(tdb.db, { slug: "forint", currency: "HUF" });
    const result = await runGenerateDemo(tdb.db, { org: "forint", customers: "2", seed: "1" });
    expect(result).toMatchObject({ orgCurrency: "HUF", currency: "EUR" });
    expect(generateDemoCommand.notice!(result)).toMatch(/Prices are in EUR/);
  }, 30_000);

  it("explains bad flags by the flag's name", async () => {
    await insertOrganization(tdb.db, { slug: "bench" });
    const run = (args: Partial<Parameters<typeof runGenerateDemo>[1]>) => runGenerateDemo(tdb.db, { org: "bench", customers: "10", seed: "1", ...args });

    expect(await failure(run({ customers: "ten" }))).toMatchObject({ code: "BAD_REQUEST", details: { fieldErrors: { customers: [expect.stringContaining("whole number from 1 to 1,000,000")] } } });
    expect(await failure(run({ customers: "1000001" }))).toMatchObject({ details: { fieldErrors: { customers: [expect.any(String)] } } });
    expect(await failure(run({ seed: "-3" }))).toMatchObject({ details: { fieldErrors: { seed: [expect.stringContaining("whole number")] } } });
    expect(await failure(run({ now: "yesterday" }))).toMatchObject({ details: { fieldErrors: { now: [expect.stringContaining("ISO-8601")] } } });
    expect(await failure(run({ now: "2099-01-01T00:00:00Z" }))).toMatchObject({ details: { fieldErrors: { now: [expect.stringContaining("future")] } } });
    expect(await failure(run({ org: "nope" }))).toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining('"nope"') });
    expect(await tdb.db.$count(events)).toBe(0);
  });

  it("declares its flags for the usage text", () => {
    expect(generateDemoCommand.flags.map((f) => [f.name, !!f.required])).toEqual([
      ["org", true],
      ["customers", true],
      ["seed", true],
      ["now", false],
    ]);
  });
});
