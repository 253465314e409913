import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { eraseCustomer } from "@/server/services/customer-privacy";
import { stableUntil } from "./answer-cache";
import { listMetrics } from "./catalog";
import { loadMetricSettings } from "./context";
import { readMetrics } from "./service";
import { metricFixture } from "./testing/fixture";
import { randomCustomer, randomEvent } from "./testing/random-history";

// Whatever happens between two reads (batches, erasures, settings changes, time passing across
// outcome windows), a read through the answer cache answers exactly what a computation at that moment
// answers: for every metric of the catalog, for a period whose cases are still pending at the reads'
// "now"s (the random history runs from February to April; the reads from late April to mid-May).
const RUNS = Number(process.env.PROPERTY_RUNS ?? 6);
const TIME_BUDGET_MS = 60_000 + RUNS * 15_000;

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.close());

const READ_FROM = Date.UTC(2026, 3, 25);
const READ_TO = Date.UTC(2026, 4, 15);
// Reads come in runs: the same read again a moment or some hours later is where a kept answer is served.
const later = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 * 60_000 }), fc.integer({ min: 1, max: 72 * 3_600_000 }));
const step = fc.oneof(
  { weight: 3, arbitrary: fc.array(randomEvent, { minLength: 1, maxLength: 6 }).map((events) => ({ kind: "batch" as const, events })) },
  { weight: 1, arbitrary: randomCustomer.map((customerId) => ({ kind: "erase" as const, customerId })) },
  { weight: 1, arbitrary: fc.constantFrom(6, 24, 48).map((hours) => ({ kind: "window" as const, hours })) },
  { weight: 5, arbitrary: fc.tuple(fc.integer({ min: READ_FROM, max: READ_TO }), fc.array(later, { minLength: 1, maxLength: 3 })).map(([at, then]) => ({ kind: "reads" as const, at, then })) },
);
type Step = { kind: "batch"; events: unknown[] } | { kind: "erase"; customerId: string } | { kind: "window"; hours: number } | { kind: "reads"; at: number; then: number[] };

// The catalog in two reads (a read takes at most MAX_KEYS_PER_READ keys), each over two views.
const KEYS = listMetrics().map((m) => m.key);
const HALVES = [KEYS.slice(0, Math.ceil(KEYS.length / 2)), KEYS.slice(Math.ceil(KEYS.length / 2))];
const READS = HALVES.flatMap((keys) => [
  { keys, from: "2026-04-01", to: "2026-05-01", interval: "week" as const },
  { keys, from: "2026-03-15", to: "2026-04-20", segment: { traits: { country: "DE" } } },
]);
const actor = { userId: null, label: "answer cache test" };

// The cache's premise, tested apart from it: an answer can change with "now" only where some outcome
// window ends (stableUntil). Events fall at three instants, so those ends are few; between two of them
// every metric of the catalog must answer the same, and a metric judged against a window missing from
// OUTCOME_WINDOWS fails here.
const T0 = Date.UTC(2026, 3, 1, 10);
const INSTANTS = [T0, T0 + 3 * 86_400_000 + 3_600_000, T0 + 9 * 86_400_000 + 7_200_000].map((ms) => new Date(ms).toISOString());
const atInstants = fc.array(fc.tuple(randomEvent, fc.constantFrom(...INSTANTS)), { minLength: 3, maxLength: 16 }).map((pairs) => pairs.map(([event, timestamp]) => ({ ...event, timestamp })));
const MOST_BOUNDARIES = 14;

describe("answer cache against computation", () => {
  it(
    "on random histories at three instants, every metric answers the same at any two moments with no outcome window ending between them",
    async () => {
      await fc.assert(
        fc.asyncProperty(atInstants, fc.array(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { minLength: MOST_BOUNDARIES, maxLength: MOST_BOUNDARIES }), async (events, fractions) => {
          await tdb.truncate();
          const f = await metricFixture(tdb.db, { abandonmentWindowHours: 30 });
          await f.send(events);
          const settings = await loadMetricSettings(tdb.db, f.org.id);
          const answers = async (at: Date) => Promise.all(HALVES.map((keys) => readMetrics(tdb.db, f.org.id, { keys, from: "2026-03-25", to: "2026-04-15" }, at, undefined, { cache: false })));
          let now = new Date(T0 + 10 * 86_400_000);
          for (const fraction of fractions) {
            const until = await stableUntil(tdb.db, settings, now);
            const inside = new Date(now.getTime() + (until ? (until.getTime() - now.getTime()) * fraction : 400 * 86_400_000));
            expect(await answers(inside), `${now.toISOString()} .. ${inside.toISOString()} (window ends ${until?.toISOString()})`).toEqual(await answers(now));
            if (!until) break;
            now = until;
          }
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: TIME_BUDGET_MS },
      );
    },
    TIME_BUDGET_MS + 60_000,
  );

  it(
    "after random writes and reads at random moments, every kept answer served equals the computation at that moment",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 8 }), async (steps: Step[]) => {
          await tdb.truncate();
          const f = await metricFixture(tdb.db);
          for (const s of steps) {
            if (s.kind === "batch") await f.send(s.events);
            else if (s.kind === "erase") await eraseCustomer(tdb.db, actor, f.org.id, s.customerId).catch(() => {}); // NOT_FOUND: never seen
            else if (s.kind === "window") await tdb.db.update(organizations).set({ abandonmentWindowHours: s.hours }).where(eq(organizations.id, f.org.id));
            else {
              let now = s.at;
              for (const gap of [0, ...s.then]) {
                now += gap;
                for (const read of READS) {
                  const at = new Date(now);
                  const served = await readMetrics(tdb.db, f.org.id, read, at);
                  const computed = await readMetrics(tdb.db, f.org.id, read, at, undefined, { cache: false });
                  expect(served, `${read.from}..${read.to} at ${at.toISOString()}`).toEqual(computed);
                }
              }
            }
          }
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: TIME_BUDGET_MS },
      );
    },
    TIME_BUDGET_MS + 60_000,
  );
});
