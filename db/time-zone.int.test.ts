import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type DatabaseHandle } from "./index";
import { createTestDatabase, testEngine } from "./testing/test-database";

/**
 * metrics.md: "N days" means N x 24 h. PostgreSQL adds `interval '14 days'` in calendar days of the
 * session's time zone, which defaults to the server's; every connection pins UTC so that the metric
 * windows stay 24 h a day whatever the host is set to.
 */
describe("database sessions run in UTC", () => {
  const opened: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const handle of opened) await handle.close();
  });

  async function sessionFacts(handle: DatabaseHandle) {
    const [row] = rowsOf<{ zone: string; end: string }>(
      await handle.db.execute(sql`select current_setting('TimeZone') as zone,
        to_char(('2026-03-20T00:00:00Z'::timestamptz + interval '14 days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as end`),
    );
    return row!;
  }

  it.runIf(testEngine() === "postgres")(
    "on a database whose default zone is Europe/Berlin, 14 days after 2026-03-20T00:00Z end at 2026-04-03T00:00Z (336 h across the DST change), not 23:00Z",
    async () => {
      const test = await createTestDatabase();
      opened.push(test);
      const url = new URL(process.env.TEST_DATABASE_URL!);
      const [{ name }] = rowsOf<{ name: string }>(await test.db.execute(sql`select current_database() as name`)) as [{ name: string }];
      const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
      await admin.unsafe(`alter database ${name} set timezone to 'Europe/Berlin'`);
      await admin.end();
      url.pathname = `/${name}`;
      const handle = await openDatabase({ engine: "postgres", url: url.toString() });
      opened.push(handle);
      expect(await sessionFacts(handle)).toEqual({ zone: "UTC", end: "2026-04-03T00:00" });
    },
  );

  it("the embedded engine's session is UTC as well", async () => {
    const handle = await openDatabase({ engine: "pglite", dataDir: null });
    opened.push(handle);
    expect(await sessionFacts(handle)).toEqual({ zone: "UTC", end: "2026-04-03T00:00" });
  });
});
