import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { noteNamesTaken, type NameQueue } from "./name-queues";

/**
 * Builds a rollup for every organisation whose data predates it (flagged by a migration), one
 * organisation per transaction, oldest first; run at start-up. Returns how many were built. A rollup
 * kept through a queue of names (`queue`) has its rebuild return how many names it took from it.
 */
export async function rebuildStaleOrganizations(
  db: Executor,
  rollup: {
    flag: "activity_days_stale" | "visit_sessions_stale" | "checkout_summaries_stale";
    name: string;
    queue?: NameQueue;
    rebuild: (tx: Executor, orgId: string) => Promise<number | void>;
  },
  log: (message: string) => void,
): Promise<number> {
  const stale = rowsOf<{ id: string; slug: string }>(
    await db.execute(sql`select id, slug from organizations where ${sql.identifier(rollup.flag)} order by created_at`),
  );
  for (const org of stale) {
    const started = performance.now();
    const taken = await db.transaction((tx) => rollup.rebuild(tx, org.id));
    if (rollup.queue) await noteNamesTaken(db, rollup.queue, taken ?? 0);
    log(`${rollup.name} of ${org.slug} built in ${Math.round(performance.now() - started)} ms`);
  }
  return stale.length;
}
