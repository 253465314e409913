import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "db/testing/empty-module.ts"),
    },
  },
};

// Unit tests need no database. Integration tests (*.int.test.ts) run once on embedded PGlite and,
// when TEST_DATABASE_URL names a PostgreSQL server, once more on it: same files, same assertions.
const projects: TestProjectInlineConfiguration[] = [
  {
    ...shared,
    test: {
      name: "unit",
      include: ["{lib,server,db,components}/**/*.test.{ts,tsx}"],
      exclude: ["**/*.int.test.ts", "node_modules/**"],
      environment: "node",
      env: { SKIP_ENV_VALIDATION: "0", NODE_ENV: "test" },
    },
  },
  {
    ...shared,
    test: {
      name: "integration:pglite",
      include: ["{lib,server,db}/**/*.int.test.ts"],
      environment: "node",
      // AUTH_SECRET: embed secrets are stored encrypted under a key derived from it.
      env: { TEST_ENGINE: "pglite", NODE_ENV: "test", AUTH_SECRET: "integration-test-auth-secret" },
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  },
];

if (process.env.TEST_DATABASE_URL) {
  projects.push({
    ...shared,
    test: {
      name: "integration:postgres",
      include: ["{lib,server,db}/**/*.int.test.ts"],
      environment: "node",
      env: { TEST_ENGINE: "postgres", NODE_ENV: "test", AUTH_SECRET: "integration-test-auth-secret" },
      globalSetup: ["db/testing/global-setup.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
}

export default defineConfig({
  test: {
    projects,
    // Two cores: more workers only add contention.
    maxWorkers: 2,
  },
});
