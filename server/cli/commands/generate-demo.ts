import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { organizations } from "@/db/schema";
import { DEMO_CURRENCIES } from "@/server/demo/money";
import { DomainError } from "@/server/errors";
import { validateInput, type CommandSpec } from "../command";
import { demoDataArgs } from "../demo-args";
import { loadDemoData, type DemoLoadProgress } from "../demo-seed";
import { progressPrinter } from "../progress";

export interface GenerateDemoArgs {
  org: string;
  customers: string;
  seed: string;
  now?: string;
}

/**
 * Loads generated demo data into any organisation, through the normal ingest path: for benchmarks
 * and for trying the product on a realistic data set. Running it again with the same seed, size
 * and --now stores nothing new (the event ids repeat).
 */
export async function runGenerateDemo(db: Executor, args: GenerateDemoArgs, onProgress: (p: DemoLoadProgress) => void = () => {}) {
  const input = validateInput(demoDataArgs, { customers: args.customers, seed: args.seed, now: args.now });
  const [org] = await db.select({ id: organizations.id, slug: organizations.slug, currency: organizations.currency }).from(organizations).where(eq(organizations.slug, args.org));
  if (!org) {
    const message = `No organisation has the slug "${args.org}" (list-orgs shows them).`;
    throw new DomainError("NOT_FOUND", message, { fieldErrors: { org: [message] } });
  }
  const result = await loadDemoData(db, org.id, { seed: input.seed, customers: input.customers, now: input.now ?? new Date(), actorLabel: "cli" }, onProgress);
  if (result.status !== "loaded") throw new Error("a load without firstStartOnly is never skipped");
  const { status: _status, resumed: _resumed, ...rest } = result;
  return { org: org.slug, orgCurrency: org.currency, ...rest, eventsPerSecond: Math.round(result.events / Math.max(result.seconds, 0.1)) };
}

function stderrProgress() {
  const printer = progressPrinter(process.stderr, "Generating demo data");
  return (p: DemoLoadProgress) => {
    printer.update({ done: p.customersDone, total: p.customers, events: p.events, elapsedMs: p.elapsedMs });
    if (p.customersDone === p.customers) printer.finish();
  };
}

export const generateDemoCommand: CommandSpec<GenerateDemoArgs, Awaited<ReturnType<typeof runGenerateDemo>>> = {
  name: "generate-demo",
  summary: "Load a year of generated demo data (customers, orders, checkouts, surveys…) into an organisation",
  flags: [
    { name: "org", value: "<slug>", description: "Organisation to load into", required: true },
    { name: "customers", value: "<n>", description: "Customers to generate, 1 to 1,000,000 (about 70 events each)", required: true },
    { name: "seed", value: "<n>", description: "Random seed: the same seed, size and --now give the same data", required: true },
    { name: "now", value: "<iso>", description: "End of the generated year, e.g. 2026-03-02T10:15:00Z (default: now)" },
  ],
  run: (db, args) => runGenerateDemo(db, args, stderrProgress()),
  notice: (result) => {
    const notes: string[] = [];
    if (result.duplicates) notes.push(`${result.duplicates.toLocaleString("en")} events were already stored (same seed, size and --now as an earlier run) and were skipped.`);
    if (result.rejected) notes.push(`${result.rejected.toLocaleString("en")} events were rejected, e.g. ${result.rejections[0]}`);
    if (result.currency !== result.orgCurrency) {
      notes.push(`Prices are in ${result.currency}: the demo has no price list in ${result.orgCurrency} (it has ${DEMO_CURRENCIES.join(", ")}).`);
    }
    return notes.length ? notes.join("\n") : undefined;
  },
};
