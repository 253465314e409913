import { openDatabase, resolveDatabaseTarget, type DatabaseHandle } from "@/db";
import { migrateToLatest } from "@/db/migrate";
import { rebuildStaleActivityDays } from "@/server/ingest/activity-days";
import { rebuildStaleCheckoutSummaries } from "@/server/ingest/checkout-summaries";
import { rebuildStaleVisitSessions } from "@/server/ingest/visit-sessions";

/**
 * Opens the database DATABASE_URL names, brings it to the latest migration (so every command works
 * on a fresh database), runs `fn` and closes the database whatever happens: closing releases the
 * embedded database's lock for the app.
 */
export async function withMigratedDatabase<T>(fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(resolveDatabaseTarget());
  let result: T;
  try {
    await migrateToLatest(handle);
    await rebuildStaleActivityDays(handle.db, (message) => console.error(message));
    await rebuildStaleVisitSessions(handle.db, (message) => console.error(message));
    await rebuildStaleCheckoutSummaries(handle.db, (message) => console.error(message));
    result = await fn(handle);
  } catch (error) {
    // The original error is the one worth reporting; a failing close must not hide it.
    await handle.close().catch(() => {});
    throw error;
  }
  await handle.close();
  return result;
}
