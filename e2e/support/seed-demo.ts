/**
 * The e2e server's demo organisation: the same account, organisation and generated history as
 * `npm run demo`, smaller (300 customers, about 20,000 events) so that the suite starts in seconds.
 * Run by playwright.config.ts before `next start`; a second run on a kept database does nothing.
 */
import { withMigratedDatabase } from "@/server/cli/database";
import { demoOrganizationId, ensureDemoOrganization, loadDemoData } from "@/server/cli/demo-seed";

export const E2E_DEMO_CUSTOMERS = 300;

await withMigratedDatabase(async ({ db }) => {
  await ensureDemoOrganization(db);
  const started = Date.now();
  const result = await loadDemoData(db, await demoOrganizationId(db), { seed: 1, customers: E2E_DEMO_CUSTOMERS, now: new Date(), firstStartOnly: true }, () => {});
  const what = result.status === "loaded" ? `${result.accepted} events` : result.reason;
  process.stdout.write(`e2e demo organisation: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
});
