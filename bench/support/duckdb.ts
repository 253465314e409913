/**
 * The DuckDB side of bench:metrics. Issue 4 asks for the overview set computed by DuckDB over the raw
 * events, for the ratio. This copies the tables the metric statements read when they skip the rollups
 * (`rollups: false`) out of PostgreSQL, loads them into an in-memory DuckDB, and runs the very statements
 * the engine builds there, after translating the few PostgreSQL-only spellings they use (TRANSLATIONS).
 * Same statements, so the ratio compares engines rather than two implementations, and the benchmark
 * checks DuckDB's answers against PostgreSQL's before it prints a time.
 */
import { NESTED_LOOPS_OFF, SORTS_OFF } from "@/server/metrics/sql";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { PgDialect } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import postgres from "postgres";
import type { Executor } from "@/db";

/** What the metric statements read in raw mode (server/metrics: resolvedEvents, liveOrders, segments…). */
const RAW_TABLES = ["events", "identity_links", "orders", "order_refunds", "order_cancellations", "exchange_rates", "customers"] as const;

/** PostgreSQL column types to DuckDB's. numeric becomes DOUBLE: DuckDB's DECIMAL tops out at 38 digits. */
function duckType(pgType: string): string {
  switch (pgType) {
    case "jsonb":
    case "json":
      return "JSON";
    case "timestamp with time zone":
      return "TIMESTAMPTZ";
    case "timestamp without time zone":
      return "TIMESTAMP";
    case "date":
      return "DATE";
    case "integer":
    case "smallint":
      return "INTEGER";
    case "bigint":
      return "BIGINT";
    case "boolean":
      return "BOOLEAN";
    case "numeric":
    case "double precision":
    case "real":
      return "DOUBLE";
    default:
      // text, uuid (compared with text parameters), arrays (no statement reads one)
      return "VARCHAR";
  }
}

/**
 * PostgreSQL spellings DuckDB does not share, in the statements server/metrics builds. DuckDB has no
 * jsonb_array_elements(_text); its JSON `from_json` + `unnest` give the same rows. `::jsonb` casts are
 * met by a `jsonb` type alias created at load.
 */
const TRANSLATIONS: ReadonlyArray<readonly [RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
  [/jsonb_array_elements\((\$\d+)::jsonb\) as x\b/g, `(select unnest(from_json($1::json, '["json"]')) as x) as x_elements`],
  [/jsonb_array_elements_text\((\$\d+)::jsonb\)/g, `unnest(from_json($1::json, '["varchar"]'))`],
  // DuckDB binds `->>` looser than `=`: `a = p->>'k'` would read as `(a = p)->>'k'`.
  [/(\$?[\w.]+(?:::jsonb)?)\s*->>\s*('\w+'|\([\w.]+->>'\w+'\)|\$\d+)/g, "($1->>$2)"],
  // Array length: `cardinality` is for MAPs in DuckDB.
  [/\bcardinality\(/g, "len("],
  // A left join whose condition also tests the left side alone is a nested loop in DuckDB (1.6 s of a
  // 1.3 s statement on the demo shop), a hash join in PostgreSQL. Without that test it is the same
  // answer: (org_id, anonymous_id) is identity_links' key, and the statements read il.customer_id
  // only through coalesce(x.customer_id, il.customer_id), which prefers the row's own customer.
  [/on (\w+)\.customer_id is null and il\.org_id = \1\.org_id and il\.anonymous_id = \1\.anonymous_id/g,
    "on il.org_id = $1.org_id and il.anonymous_id = $1.anonymous_id"],
  // The empty array literal.
  [/coalesce\(([\w.]+), '\{\}'\)/g, "coalesce($1, [])"],
  // PostgreSQL's "has top-level key".
  [/([\w.]+) \? '(\w+)'/g, "json_exists($1, '$$.$2')"],
  // Typed arrays zipped into rows (periods, B(to)'s counts and members): DuckDB's unnest takes one list
  // in FROM, and zips several in a select list.
  [/unnest\((\$\d+::\w+\[\](?:,\s*\$\d+::\w+\[\])+)\) as (\w+)\(([\w,\s]+)\)/g, zippedUnnest],
  // Bit strings: DuckDB's BIT has no length and no varbit spelling (before the rule below, which
  // allows one level of parentheses inside array_agg).
  [/::bit\(\d+\)/g, "::bit"],
  [/::varbit\[\]/g, "::bit[]"],
  // An aggregate list sent back as PostgreSQL's array text (`{a,b}`), which masksOf and the next
  // statement's `::text[]` read: DuckDB's list text is `[a, b]`.
  [/coalesce\(array_agg\(([^()]*(?:\([^()]*\))?[^()]*)\), '\{\}'\)::text/g, "('{' || coalesce(string_agg(($1)::varchar, ','), '') || '}')"],
];

function zippedUnnest(_match: string, lists: string, alias: string, columns: string): string {
  const names = columns.split(",").map((c) => c.trim());
  const parts = lists.split(/,\s*/).map((list, i) => `unnest(${list}) as ${names[i]}`);
  return `(select ${parts.join(", ")}) as ${alias}`;
}

/**
 * A PostgreSQL array literal parameter (`{0,1}`, as arrayLiteral and array_agg(...)::text write them)
 * in DuckDB's list syntax (`[0, 1]`), for the `$n::type[]` casts. Elements are plain here (indexes,
 * ISO times, counts, bit strings, the demo's customer ids); one that DuckDB's list syntax would read
 * differently stops the run rather than compare wrong answers.
 */
export function asDuckDBList(literal: string): string {
  const inner = literal.slice(1, -1);
  const elements = inner === "" ? [] : inner.split(",");
  for (const e of elements) if (/[\s"'\[\]{}\\]/.test(e)) throw new Error(`DuckDB comparison: array element ${JSON.stringify(e)} needs quoting`);
  return `[${elements.join(", ")}]`;
}

export function translateToDuckDB(text: string): string {
  return TRANSLATIONS.reduce(
    (out, [pattern, replacement]) => (typeof replacement === "string" ? out.replace(pattern, replacement) : out.replace(pattern, replacement)),
    text,
  );
}

export interface DuckDBCopy {
  /** An executor for MetricContext.db: runs each statement the engine builds on DuckDB. */
  executor: Executor;
  rows: Record<string, number>;
  loadMs: number;
  close(): void;
}

/**
 * Copies one organisation's raw tables from PostgreSQL (COPY … TO STDOUT as CSV, through `workDir`)
 * into a new in-memory DuckDB with `threads` threads.
 */
export async function copyToDuckDB(pgUrl: string, orgId: string, workDir: string, threads: number): Promise<DuckDBCopy> {
  if (!/^[0-9a-f-]{36}$/i.test(orgId)) throw new Error(`not an organisation id: ${orgId}`);
  const started = performance.now();
  mkdirSync(workDir, { recursive: true });
  const pg = postgres(pgUrl, { max: 1, onnotice: () => {}, connection: { TimeZone: "UTC" } });
  const instance = await DuckDBInstance.create(":memory:", { threads: String(threads) });
  const duck = await instance.connect();
  await duck.run("set TimeZone = 'UTC'");
  await duck.run("create type jsonb as json");
  const rows: Record<string, number> = {};
  try {
    for (const table of RAW_TABLES) {
      const columns = await pg<{ name: string; type: string }[]>`
        select column_name as name, data_type as type from information_schema.columns
        where table_schema = 'public' and table_name = ${table} order by ordinal_position`;
      const file = `${workDir}/${table}.csv`;
      console.error("copy", table);
      const names = columns.map((c) => `"${c.name}"`).join(", ");
      // COPY takes no parameters; the id was checked above. A connection of its own per table:
      // postgres.js (3.4) never answers the next query on a connection that streamed a COPY out.
      const copier = postgres(pgUrl, { max: 1, onnotice: () => {}, connection: { TimeZone: "UTC" } });
      try {
        const stream = await copier.unsafe(`copy (select ${names} from ${table} where org_id = '${orgId}') to stdout with (format csv, header)`).readable();
        await pipeline(stream, createWriteStream(file));
      } finally {
        await copier.end({ timeout: 1 });
      }
      const spec = columns.map((c) => `'${c.name}': '${duckType(c.type)}'`).join(", ");
      // PostgreSQL writes NULL as an empty field and the empty string as "": keep the two apart.
      await duck.run(`create table ${table} as select * from read_csv('${file}', header = true, auto_detect = false, allow_quoted_nulls = false, columns = {${spec}})`);
      const counted = await duck.runAndReadAll(`select count(*)::integer as n from ${table}`);
      rows[table] = Number(counted.getRowObjectsJson()[0]!.n);
      rmSync(file);
    }
  } finally {
    await pg.end();
  }
  return { executor: duckExecutor(duck), rows, loadMs: performance.now() - started, close: () => duck.closeSync() };
}

const dialect = new PgDialect();

function duckExecutor(duck: DuckDBConnection): Executor {
  const execute = async (query: SQL) => {
    // PostgreSQL planner settings (queryRows turns nested loops off) have no DuckDB meaning.
    if (query === NESTED_LOOPS_OFF || query === SORTS_OFF) return [];
    const { sql: text, params } = dialect.sqlToQuery(query);
    // Integers as BIGINT: DuckDB would take `$n * interval` for INTEGER and refuse 15,552,000,000 ms.
    const arrayParams = new Set([...text.matchAll(/\$(\d+)::\w+\[\]/g)].map((m) => Number(m[1]) - 1));
    const values = params.map((v, i) =>
      typeof v === "number" && Number.isInteger(v) ? BigInt(v) : arrayParams.has(i) && typeof v === "string" && v.startsWith("{") ? asDuckDBList(v) : v,
    );
    // BENCH_DUCKDB_EXPLAIN=1 prints DuckDB's profile of every statement, for work on a translation.
    if (process.env.BENCH_DUCKDB_EXPLAIN) {
      const plan = await duck.runAndReadAll(`explain analyze ${translateToDuckDB(text)}`, values as never);
      console.error(plan.getRowObjectsJson().map((r) => Object.values(r).join("\n")).join("\n"));
    }
    const reader = await duck.runAndReadAll(translateToDuckDB(text), values as never);
    return reader.getRowObjectsJson();
  };
  // The engine only calls execute and transaction (server/metrics/sql.ts queryRows); a statement's
  // "transaction" here is the connection itself: DuckDB runs the read as it comes.
  const executor = { execute, transaction: <T>(fn: (tx: Executor) => Promise<T>) => fn(executor as unknown as Executor) };
  return executor as unknown as Executor;
}
