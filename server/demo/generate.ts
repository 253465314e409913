import { z } from "zod";
import { customerEvents } from "./customer-journey";
import { warehouseDelays } from "./fulfilment";
import { DEMO_CURRENCIES, type DemoCurrency } from "./money";
import type { RunSettings } from "./profile";
import type { DemoEvent } from "./timeline";

export type { DemoEvent } from "./timeline";

export const MAX_DEMO_CUSTOMERS = 1_000_000;
export const DEMO_BATCH_SIZE = 500;

export const demoOptionsSchema = z.object({
  seed: z
    .number({ message: "must be a whole number" })
    .int({ message: "must be a whole number" })
    .min(0, { message: "must be 0 or more" })
    .max(0xffffffff, { message: `must be at most ${0xffffffff}` }),
  customers: z
    .number({ message: "must be a whole number" })
    .int({ message: "must be a whole number" })
    .min(1, { message: "must be at least 1" })
    .max(MAX_DEMO_CUSTOMERS, { message: `must be at most ${MAX_DEMO_CUSTOMERS.toLocaleString("en")}` }),
  now: z.date({ message: "must be a date" }).refine((d) => !Number.isNaN(d.getTime()), { message: "must be a valid date" }),
  currency: z.enum(DEMO_CURRENCIES, { message: `must be one of ${DEMO_CURRENCIES.join(", ")}` }).default("EUR"),
  batchSize: z.number().int().min(1).max(100_000).default(DEMO_BATCH_SIZE),
});

export interface DemoOptions {
  seed: number;
  /** Customer slots: each is one identified customer plus, on average, a little over one anonymous visitor. */
  customers: number;
  /** The end of the 12 months of history; nothing is dated after it. */
  now: Date;
  /** The shop's currency (default EUR); UK and US customers pay in GBP and USD. */
  currency?: DemoCurrency;
  /** Events per yielded array (default 500, the ingest API's batch limit). It never changes the events. */
  batchSize?: number;
  /** Called after each customer slot, for progress reports. */
  onProgress?: (customersDone: number, customers: number) => void;
}

/**
 * The demo data set: 12 months of a European outdoor shop, customer by customer, as arrays of
 * events ready for ingestEvents. Streaming: memory holds one customer and one batch, whatever the
 * size. The same seed, size, now and currency always give the same events in the same order.
 */
export async function* generateDemoEvents(options: DemoOptions): AsyncGenerator<DemoEvent[], void, undefined> {
  const parsed = demoOptionsSchema.parse(options);
  const run: RunSettings = { seed: parsed.seed, customers: parsed.customers, now: parsed.now.getTime(), currency: parsed.currency };
  const delays = warehouseDelays(run);
  let batch: DemoEvent[] = [];
  for (let index = 0; index < run.customers; index++) {
    for (const event of customerEvents(run, index, delays)) {
      batch.push(event);
      if (batch.length === parsed.batchSize) {
        yield batch;
        batch = [];
      }
    }
    options.onProgress?.(index + 1, run.customers);
  }
  if (batch.length) yield batch;
}
