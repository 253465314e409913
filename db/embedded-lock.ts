import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

export class EmbeddedDatabaseBusyError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database at ${dataDir} is in use by process ${pid} (probably the running app). ` +
        `PGlite allows one process at a time: stop that process first, or run on PostgreSQL (DATABASE_URL=postgres://…).`,
    );
    this.name = "EmbeddedDatabaseBusyError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite has no multi-process guard, and two processes writing one data directory corrupt it
 * (the app and the admin CLI, say). A pid file next to the directory makes the second one fail loudly.
 */
export function acquireEmbeddedLock(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, "utf8"));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) throw new EmbeddedDatabaseBusyError(dataDir, pid);
  }
  writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (readFileSync(lockFile, "utf8") === String(process.pid)) rmSync(lockFile);
    } catch {
      // already gone
    }
  };
  process.once("exit", release);
  return release;
}
