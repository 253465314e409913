import { defineConfig } from "drizzle-kit";

// Only `generate` is used: migrations are applied by the app itself (db/migrate.ts) on both engines.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
  strict: true,
});
