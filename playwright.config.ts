import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3200);
const baseURL = `http://localhost:${PORT}`;
// A fresh embedded database per run unless E2E_DATABASE_URL points at PostgreSQL.
const dataDir = `.data/e2e-${PORT}`;
const databaseUrl = process.env.E2E_DATABASE_URL ?? `pglite:${dataDir}/db`;

export default defineConfig({
  testDir: "e2e",
  outputDir: `e2e/.artifacts/results-${PORT}`,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "e2e/.artifacts/report" }]] : "list",
  use: {
    baseURL,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "api", testMatch: "api/**/*.spec.ts" },
    { name: "ui", testMatch: "ui/**/*.spec.ts" },
  ],
  webServer: {
    // The demo organisation (a smaller demo history) is what the dashboard specs read.
    command: `rm -rf ${dataDir} && npx tsx --conditions=react-server e2e/support/seed-demo.ts && npx next start -p ${PORT}`,
    url: `${baseURL}/sign-in`,
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
    env: {
      DATABASE_URL: databaseUrl,
      APP_URL: baseURL,
      AFTERCART_DEMO: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      // The suite signs in many times from one address.
      SIGNIN_MAX_ATTEMPTS_PER_IP: "1000",
    },
  },
});
