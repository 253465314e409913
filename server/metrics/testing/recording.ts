import { PgDialect } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import type { Executor } from "@/db";

/** The database, recording every statement run through it (inside its transactions too) as JSON `[text, params]`. */
export function recording(db: Executor, statements: string[]): Executor {
  const dialect = new PgDialect();
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, property, receiver) {
        if (property === "transaction") return (fn: (tx: Executor) => unknown) => (t as Executor).transaction((tx) => fn(wrap(tx)) as never);
        if (property !== "execute") return Reflect.get(t, property, receiver);
        return (query: SQL) => {
          const { sql: text, params } = dialect.sqlToQuery(query);
          statements.push(JSON.stringify([text, params]));
          return (t as Executor).execute(query);
        };
      },
    });
  return wrap(db);
}

/** The answer cache's own statements (and the targets a read applies); every other one computes a metric. */
const CACHE_STATEMENTS = /metric_data_versions|metric_data_changes|metric_answers|metric_targets|from "organizations"|least\(/;

/** The recorded statements that computed a metric: none when a read was served from kept answers. */
export const computingStatements = (statements: readonly string[]) =>
  statements.map((s) => (JSON.parse(s) as [string])[0]).filter((text) => !CACHE_STATEMENTS.test(text));
