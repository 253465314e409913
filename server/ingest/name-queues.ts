import "server-only";
import { sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Executor } from "@/db";

/**
 * visit_session_dirty, checkout_summary_dirty and activity_span_dirty are queues: every batch adds names, the next read
 * deletes them. Removing the dead rows is autovacuum's job; where there is none (PGlite; a server run
 * with autovacuum off, as this project's benchmark machine) they pile up, and the check every read
 * starts with ("is a name pending?", one index probe when the queue is clean) walks all of them: after
 * a load of 10 million events, 3 million dead names made it 357 ms, paid by each session metric of
 * every read. So a process vacuums a queue itself once it has taken this many names from it since it
 * last did (a bulk load's first read takes more than this at once).
 */
const VACUUM_AFTER_TAKEN = 20_000;

export type NameQueue = "visit_session_dirty" | "checkout_summary_dirty" | "activity_span_dirty";

const takenSinceVacuum = new Map<NameQueue, number>();

/**
 * Counts names taken from `queue` (after the taking transaction committed) and vacuums it when enough
 * have been. Not inside a caller's transaction, where VACUUM cannot run: counted, vacuumed next time.
 * A saving, not part of the read: a failure is logged and the read goes on.
 */
export async function noteNamesTaken(db: Executor, queue: NameQueue, taken: number): Promise<void> {
  const total = (takenSinceVacuum.get(queue) ?? 0) + taken;
  takenSinceVacuum.set(queue, total);
  if (total < VACUUM_AFTER_TAKEN || db instanceof PgTransaction) return;
  takenSinceVacuum.set(queue, 0);
  try {
    await db.execute(sql.raw(`vacuum ${queue}`));
  } catch (error) {
    console.error(`vacuuming ${queue} failed; its dead names stay until autovacuum (or the next try) removes them:`, error);
  }
}
