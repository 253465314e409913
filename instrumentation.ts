// Runs once when the server process starts: the schema is brought up to date before any request,
// on the embedded database and on PostgreSQL alike.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // A setting that would fail every API request must stop the server at start, with a reason.
  if (process.env.RATE_LIMIT_STORE === "redis" && !process.env.REDIS_URL) {
    throw new Error("RATE_LIMIT_STORE=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379).");
  }
  const { getDatabaseHandle } = await import("./db");
  const { migrateToLatest } = await import("./db/migrate");
  await migrateToLatest(await getDatabaseHandle());
  // Organisations whose data predates a rollup (activity days, visit sessions, checkout summaries) get it now, in the
  // background: their metrics read the raw events until then, so this is about speed, never about the
  // numbers, and a large organisation must not hold the server's start.
  const { rebuildStaleActivityDays } = await import("./server/ingest/activity-days");
  const { rebuildStaleVisitSessions } = await import("./server/ingest/visit-sessions");
  const { rebuildStaleCheckoutSummaries } = await import("./server/ingest/checkout-summaries");
  const db = (await getDatabaseHandle()).db;
  void rebuildStaleActivityDays(db, (message) => console.log(message))
    .catch((error: unknown) => console.error("building activity days failed; metrics keep reading raw events:", error))
    .then(() => rebuildStaleVisitSessions(db, (message) => console.log(message)))
    .catch((error: unknown) => console.error("building visit sessions failed; metrics keep reading raw events:", error))
    .then(() => rebuildStaleCheckoutSummaries(db, (message) => console.log(message)))
    .catch((error: unknown) => console.error("building checkout summaries failed; metrics keep reading raw events:", error));
  // Imports left half-done by a stopped server are marked failed, queued ones resume: at start,
  // not on the first visit of the imports page.
  const { importRunnerFor } = await import("./server/ingest/csv/runner");
  importRunnerFor((await getDatabaseHandle()).db);
}
