import { defineConfig } from "@playwright/test";
import { baseURL, BILLING_PORT, billingURL, FAKE_STRIPE_PORT, PORT } from "./e2e/support/servers";

// A fresh embedded database per run unless E2E_DATABASE_URL points at PostgreSQL.
const dataDir = `.data/e2e-${PORT}`;
const databaseUrl = process.env.E2E_DATABASE_URL ?? `pglite:${dataDir}/db`;
const billingDataDir = `.data/e2e-billing-${PORT}`;
const WEBHOOK_SECRET = "whsec_e2e_fake_stripe";
const KEEP_ALIVE_MS = 65_000;

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
  // Node closes an idle keep-alive connection after 5 s by default; a test's API request that reuses one
  // at that moment reads ECONNRESET (seen once in CI: surveys.spec.ts, a request 5 s after the sign-in).
  // Idle connections are kept longer than any pause inside a test, as a server behind a proxy would.
  webServer: [
    {
      // The demo organisation (a smaller demo history) is what the dashboard specs read.
      command: `rm -rf ${dataDir} && npx tsx --conditions=react-server e2e/support/seed-demo.ts && npx next start -p ${PORT} --keepAliveTimeout ${KEEP_ALIVE_MS}`,
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
    {
      command: "npx tsx --conditions=react-server e2e/support/fake-stripe-server.ts",
      url: `http://127.0.0.1:${FAKE_STRIPE_PORT}/health`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
      env: {
        FAKE_STRIPE_PORT: String(FAKE_STRIPE_PORT),
        FAKE_STRIPE_WEBHOOK_URL: `${billingURL}/api/stripe/webhook`,
        FAKE_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
    },
    {
      command: `rm -rf ${billingDataDir} && npx next start -p ${BILLING_PORT} --keepAliveTimeout ${KEEP_ALIVE_MS}`,
      url: `${billingURL}/sign-in`,
      timeout: 180_000,
      reuseExistingServer: !process.env.CI,
      env: {
        DATABASE_URL: `pglite:${billingDataDir}/db`,
        APP_URL: billingURL,
        NEXT_TELEMETRY_DISABLED: "1",
        SIGNIN_MAX_ATTEMPTS_PER_IP: "1000",
        STRIPE_SECRET_KEY: "sk_test_e2e_fake",
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_PRICE_GROWTH: "price_growth_test",
        STRIPE_PRICE_SCALE: "price_scale_test",
        STRIPE_API_URL: `http://127.0.0.1:${FAKE_STRIPE_PORT}`,
      },
    },
  ],
});
