/**
 * `npm run db:migrate`: applies pending migrations to the database DATABASE_URL names (unset:
 * embedded PGlite in .data/pglite) and prints `{"migrated":true,"engine":…}`. Exit code 1 on failure.
 */
import { withMigratedDatabase } from "./database";
import { EXIT, printJson, runCli } from "./output";

await runCli(async () => {
  const engine = await withMigratedDatabase(async (handle) => handle.target.engine);
  printJson({ migrated: true, engine }, { compact: true });
  return EXIT.ok;
});
