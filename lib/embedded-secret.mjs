// Plain ESM (no TypeScript) because next.config.mjs imports it before anything is compiled.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The embedded (PGlite) data directory named by DATABASE_URL, or null when it names PostgreSQL. */
export function embeddedDataDir(databaseUrl = process.env.DATABASE_URL) {
  if (!databaseUrl) return path.resolve(".data/pglite");
  if (databaseUrl.startsWith("pglite:")) return path.resolve(databaseUrl.slice("pglite:".length));
  return null;
}

/**
 * Generates AUTH_SECRET on first run in embedded mode and keeps it beside the database, so that
 * sessions survive restarts without any configuration. PostgreSQL deployments must set it.
 */
export function ensureEmbeddedAuthSecret() {
  if (process.env.AUTH_SECRET) return;
  const dataDir = embeddedDataDir();
  if (!dataDir) return;
  const file = path.join(path.dirname(dataDir), "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
}
