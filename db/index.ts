import { mkdirSync } from "node:fs";
import path from "node:path";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import * as schema from "./schema";
import { acquireEmbeddedLock } from "./embedded-lock";

/**
 * Both engines expose the same drizzle query API; we type everything against the postgres.js
 * flavour so that one set of queries serves both.
 */
export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A database handle or an open transaction: services accept either so callers choose the boundary. */
export type Executor = Database | Transaction;

export type DatabaseTarget =
  | { engine: "pglite"; dataDir: string | null }
  | { engine: "postgres"; url: string };

/** `DATABASE_URL` unset -> embedded PGlite in `.data/pglite`; `pglite:<dir>`; `pglite:memory`; `postgres://…`. */
export function resolveDatabaseTarget(url = process.env.DATABASE_URL): DatabaseTarget {
  if (!url) return { engine: "pglite", dataDir: path.resolve(".data/pglite") };
  if (url === "pglite:memory") return { engine: "pglite", dataDir: null };
  if (url.startsWith("pglite:")) return { engine: "pglite", dataDir: path.resolve(url.slice(7)) };
  if (/^postgres(ql)?:\/\//.test(url)) return { engine: "postgres", url };
  throw new Error("DATABASE_URL must start with postgres://, postgresql:// or pglite:");
}

export interface DatabaseHandle {
  db: Database;
  target: DatabaseTarget;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget = resolveDatabaseTarget()): Promise<DatabaseHandle> {
  const common = { schema, casing: "snake_case" as const };
  if (target.engine === "postgres") {
    const client = postgres(target.url, {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      onnotice: () => {},
      // JIT compiles a query when its estimated cost is high, which the metric statements often are;
      // it then spends 100+ ms compiling a statement that runs in a few: off for every session.
      // work_mem: a metric's "x in (set)" inside a join condition or a filter is a hashed subplan, and
      // PostgreSQL stops hashing one whose set outgrows work_mem (default 4 MB) and scans the set per
      // row instead: a cliff from milliseconds to minutes. The metric SQL avoids that shape where it
      // can (joins, anti-joins); 32 MB keeps the rest (segments of up to ~800,000 customers) hashed.
      // TimeZone: metrics.md says "N days" is N x 24 h, and `ts + interval '14 days'` steps calendar
      // days in the session's zone (23 or 25 h across a DST change); the server's default zone is the
      // host's. Every local-time computation names the organisation's zone explicitly instead.
      connection: { jit: "off", work_mem: "32MB", TimeZone: "UTC" },
    });
    return { db: drizzlePostgres({ client, ...common }), target, close: () => client.end({ timeout: 5 }) };
  }
  let release = () => {};
  if (target.dataDir) {
    // PGlite cannot create a missing parent directory itself.
    mkdirSync(path.dirname(target.dataDir), { recursive: true });
    release = acquireEmbeddedLock(target.dataDir);
  }
  const client = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  await client.waitReady;
  // As for PostgreSQL above: interval arithmetic must not follow a local zone.
  await client.exec("set time zone 'UTC'");
  const db = drizzlePglite({ client, ...common }) as unknown as Database;
  return {
    db,
    target,
    close: async () => {
      await client.close();
      release();
    },
  };
}

// One handle per server process; kept on globalThis so that dev-mode module reloads do not open the
// embedded database twice.
const globalForDb = globalThis as unknown as { aftercartDb?: Promise<DatabaseHandle> };

export function getDatabaseHandle(): Promise<DatabaseHandle> {
  globalForDb.aftercartDb ??= openDatabase();
  return globalForDb.aftercartDb;
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db;
}

/** Rows of a raw `db.execute(sql)`: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
