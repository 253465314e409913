/**
 * npm run bench:explain -- --customers 135000 key1[,key2] [--days 90] [--series day] [--plan-only]
 *
 * Prints PostgreSQL's EXPLAIN (ANALYZE, BUFFERS) of every statement the listed metrics run, on the
 * database bench:metrics loaded for that many customers, for the same 90-day period (and previous)
 * the benchmark times. For work on one slow query: the plan says where the time goes. --plan-only
 * prints the plans without running the statements (for the ones that take minutes).
 */
import { parseArgs } from "node:util";
import { sql, type SQL } from "drizzle-orm";
import { openDatabase, rowsOf, type Executor } from "@/db";
import { getMetric } from "@/server/metrics/catalog";
import { NESTED_LOOPS_OFF, SORTS_OFF } from "@/server/metrics/sql";
import { loadMetricSettings, type MetricContext } from "@/server/metrics/context";
import { evaluateMetric } from "@/server/metrics/engine";
import { resolvePeriod, type Interval } from "@/server/metrics/period";
import { databaseUrl } from "./support/postgres";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    customers: { type: "string", default: "2000" },
    days: { type: "string", default: "90" },
    series: { type: "string" },
    "plan-only": { type: "boolean", default: false },
  },
});
const NOW = new Date("2026-11-01T00:00:00Z");
const handle = await openDatabase({ engine: "postgres", url: databaseUrl(`aftercart_bench_metrics_${args.customers}`) });
const [bench] = rowsOf<{ id: string }>(await handle.db.execute(sql`select id from organizations where slug = 'bench'`));
if (!bench) throw new Error("no bench organisation: run npm run bench:metrics with these --customers first");
const settings = await loadMetricSettings(handle.db, bench.id);
const to = resolvePeriod({}, settings.timeZone, NOW).to;
const period = resolvePeriod({ from: new Date(to.getTime() - Number(args.days) * 86_400_000), to }, settings.timeZone, NOW);

/**
 * The database, except that each statement is first explained (and then run for its answer); the
 * transactions metric statements run in (queryRows) are wrapped the same way, so that the plans are
 * the ones made under their settings. The settings statements themselves are not explained.
 */
function explainingExecutor<T extends Executor>(db: T): T {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === "transaction") {
        return (fn: (tx: Executor) => Promise<unknown>) => target.transaction((tx) => fn(explainingExecutor(tx)));
      }
      if (property !== "execute") return Reflect.get(target, property, receiver);
      return async (query: SQL) => {
        if (query === NESTED_LOOPS_OFF || query === SORTS_OFF) return target.execute(query);
        const options = args["plan-only"] ? sql`` : sql`(analyze, buffers)`;
        const plan = rowsOf<Record<string, string>>(await target.execute(sql`explain ${options} ${query}`));
        console.log(plan.map((row) => Object.values(row)[0]).join("\n"), "\n");
        return target.execute(query);
      };
    },
  }) as T;
}
const explaining = explainingExecutor(handle.db as Executor);

for (const key of positionals.flatMap((p) => p.split(","))) {
  const metric = getMetric(key);
  if (!metric) throw new Error(`unknown metric ${key}`);
  console.log(`## ${key}, ${period.from.toISOString()} .. ${period.to.toISOString()}\n`);
  const ctx: MetricContext = { db: explaining, settings, now: NOW, segment: null, segmentAt: period.to };
  await evaluateMetric(ctx, metric, period, { interval: (args.series as Interval | undefined) ?? null });
}
await handle.close();
