import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "../index";
import { migrateToLatest } from "../migrate";

/** Which engine the current vitest project runs integration tests on (set in vitest.config.ts). */
export function testEngine(): "pglite" | "postgres" {
  return process.env.TEST_ENGINE === "postgres" ? "postgres" : "pglite";
}

/**
 * The migrated template every PostgreSQL test file copies. Named per vitest run (global setup sets
 * it before workers start), so two runs on one server do not drop each other's template.
 */
export function templateDatabase(): string {
  return process.env.AFTERCART_TEST_TEMPLATE ?? "aftercart_test_template";
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Builds the migrated template that every PostgreSQL test file copies (vitest globalSetup). */
export async function prepareTemplateDatabase(adminUrl: string, name = templateDatabase()): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ engine: "postgres", url: withDatabase(adminUrl, name) });
  try {
    await migrateToLatest(handle);
  } finally {
    await handle.close();
  }
}

export async function dropTemplateDatabase(adminUrl: string, name = templateDatabase()): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

export interface TestDatabase extends DatabaseHandle {
  /** Empties every table, for isolation between tests of one file. */
  truncate(): Promise<void>;
}

/**
 * One database per test file: an in-memory PGlite, or a PostgreSQL database copied from the
 * migrated template (fast: a file copy, no migrations).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  let handle: DatabaseHandle;
  let dropDatabase = async () => {};
  if (testEngine() === "postgres") {
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const name = `aftercart_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${templateDatabase()}`);
    await admin.end();
    handle = await openDatabase({ engine: "postgres", url: withDatabase(adminUrl, name) });
    dropDatabase = async () => {
      const again = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    };
  } else {
    handle = await openDatabase({ engine: "pglite", dataDir: null });
    await migrateToLatest(handle);
  }
  const truncate = async () => {
    const rows = (await handle.db.execute(
      sql`select tablename from pg_tables where schemaname = 'public'`,
    )) as unknown as { tablename: string }[] | { rows: { tablename: string }[] };
    const tables = (Array.isArray(rows) ? rows : rows.rows).map((r) => `"${r.tablename}"`);
    if (tables.length) await handle.db.execute(sql.raw(`truncate ${tables.join(", ")} restart identity cascade`));
  };
  return {
    ...handle,
    truncate,
    close: async () => {
      await handle.close();
      await dropDatabase();
    },
  };
}
