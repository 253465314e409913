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

// Whatever happens between two reads (batches, late batches, erasures, settings changes, time passing
// across outcome windows), a read through the answer cache answers exactly what a computation at that
// moment answers: for every metric of the catalog, for periods whose cases are still pending at the reads'
// "now"s and for one long closed (the random history runs from February to April, late events to mid-June;
// the reads from late April to mid-May). An answer kept across a write whose reach it misjudged fails here.
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
// Events sent late, or about later days: around the reads' periods' ends and their outcome windows, so that
// some writes reach into a kept answer's horizon and some only past it (answer-cache.ts keeps an answer
// across the latter). With them, subscription events whose cancellation takes effect earlier than it is sent.
// Each near one of the reads' period ends: from two days before it to a month after (the longest window).
const LATE_TO = Date.UTC(2026, 5, 15);
const PERIOD_ENDS = [Date.UTC(2026, 2, 8), Date.UTC(2026, 3, 20), Date.UTC(2026, 4, 1)];
const lateTimestamp = fc
  .tuple(fc.constantFrom(...PERIOD_ENDS), fc.integer({ min: -2 * 86_400_000, max: 32 * 86_400_000 }))
  .map(([end, offset]) => new Date(end + offset - ((end + offset) % 60_000)).toISOString());
const subscriptionEvent = fc
  .tuple(
    randomCustomer,
    fc.constantFrom("s1", "s2"),
    fc.oneof(
      fc.integer({ min: 0, max: 80 }).map((mrr) => ({ type: "subscription.changed", properties: { mrr } })),
      fc
        .option(fc.integer({ min: Date.UTC(2026, 1, 1), max: LATE_TO }), { nil: undefined })
        .map((at) => ({ type: "subscription.canceled", properties: at === undefined ? {} : { effectiveAt: new Date(at - (at % 60_000)).toISOString() } })),
    ),
  )
  .map(([customerId, subscriptionId, { type, properties }]) => ({ type, customerId, properties: { subscriptionId, ...properties } }));
const lateEvent = fc
  .tuple(fc.oneof({ weight: 6, arbitrary: randomEvent }, { weight: 1, arbitrary: subscriptionEvent }), lateTimestamp)
  .map(([event, timestamp]) => ({ ...event, timestamp }));
const step = fc.oneof(
  { weight: 3, arbitrary: fc.array(randomEvent, { minLength: 1, maxLength: 6 }).map((events) => ({ kind: "batch" as const, events })) },
  { weight: 3, arbitrary: fc.array(lateEvent, { minLength: 1, maxLength: 4 }).map((events) => ({ kind: "batch" as const, events })) },
  { weight: 1, arbitrary: randomCustomer.map((customerId) => ({ kind: "erase" as const, customerId })) },
  { weight: 1, arbitrary: fc.constantFrom(6, 24, 48).map((hours) => ({ kind: "window" as const, hours })) },
  { weight: 5, arbitrary: fc.tuple(fc.integer({ min: READ_FROM, max: READ_TO }), fc.array(later, { minLength: 1, maxLength: 3 })).map(([at, then]) => ({ kind: "reads" as const, at, then })) },
  // The last reads again at the moment they ended: after a write, where a kept answer is served only if no write reached it.
  { weight: 4, arbitrary: fc.constant({ kind: "again" as const }) },
);
type Step = { kind: "batch"; events: unknown[] } | { kind: "erase"; customerId: string } | { kind: "window"; hours: number } | { kind: "reads"; at: number; then: number[] } | { kind: "again" };

// The catalog in two reads (a read takes at most MAX_KEYS_PER_READ keys), each over two views.
const KEYS = listMetrics().map((m) => m.key);
const HALVES = [KEYS.slice(0, Math.ceil(KEYS.length / 2)), KEYS.slice(Math.ceil(KEYS.length / 2))];
const READS = HALVES.flatMap((keys) => [
  { keys, from: "2026-04-01", to: "2026-05-01", interval: "week" as const },
  { keys, from: "2026-03-15", to: "2026-04-20", segment: { traits: { country: "DE" } } },
  // Ended well before the reads: most late writes reach only past it.
  { keys, from: "2026-02-08", to: "2026-03-08" },
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

// The horizons, tested where they matter: a history at instants shortly before a period's end, then batches
// each at one instant after it (so a batch reaches exactly that instant): at the end, just after it, and on
// either side of every outcome window's end (the organisation's abandonment window is 30 h). After each batch
// the metrics whose horizon it does not reach are served, the others computed; all must equal a computation.
// Named a horizon too short (abandonment, survey response or end of life at "to"), this fails in a few runs.
const END = Date.UTC(2026, 3, 15, 0);
const HOUR = 3_600_000;
const BEFORE_END = [END - HOUR / 2, END - 3 * HOUR, END - 2 * 24 * HOUR, END - 10 * 24 * HOUR].map((ms) => new Date(ms).toISOString());
const AFTER_END = [0, 1, 20, 24, 30, 7 * 24, 14 * 24, 30 * 24]
  .flatMap((hours) => [hours * HOUR - 60_000, hours * HOUR, hours * HOUR + 60_000])
  .filter((offset) => offset >= 0)
  .map((offset) => new Date(END + offset).toISOString());
// Weighted towards the events that open a case with a window (before the end) and that settle one (after it):
// drawn uniformly from the random history's forty types, a given window's case meets its settling event too rarely.
const OPENING = ["checkout.started", "survey.sent", "eol.prompted", "medication.dose_scheduled", "trial.started", "order.placed", "cart.recovery_sent"];
const SETTLING = ["checkout.completed", "order.placed", "survey.responded", "onboarding.call_booked", "takeback.requested", "medication.dose_taken", "subscription.started", "checkout.step_viewed", "dpp.viewed", "policy.viewed"];
const ofTypes = (types: readonly string[]) => randomEvent.filter((event) => types.includes(event.type));
const customer = fc.constantFrom("c1", "c2", "c3");
const orderId = fc.constantFrom("o1", "o2", "o3", "o4", "o5", "o6");
/** Post-purchase events naming an order, which the random history does not send. */
const postPurchase = fc.oneof(
  fc.tuple(customer, orderId).map(([customerId, id]) => ({ type: "tracking.viewed", customerId, properties: { orderId: id, source: "email" } })),
  fc.tuple(customer, orderId).map(([customerId, id]) => ({ type: "email.clicked", customerId, properties: { orderId: id, emailType: "order_confirmation" } })),
  fc.tuple(customer, orderId).map(([customerId, id]) => ({ type: "return.requested", customerId, properties: { orderId: id } })),
  customer.map((customerId) => ({ type: "support.contacted", customerId, properties: { reason: "wismo" } })),
);
const atEach = <T,>(events: fc.Arbitrary<T[]>, instant: fc.Arbitrary<string>) =>
  fc.tuple(events, fc.array(instant, { minLength: 14, maxLength: 14 })).map(([list, instants]) => list.map((event, i) => ({ ...event, timestamp: instants[i]! })));
const beforeEnd = atEach(
  fc.array(fc.oneof({ weight: 2, arbitrary: randomEvent }, { weight: 3, arbitrary: ofTypes(OPENING) }), { minLength: 3, maxLength: 14 }),
  fc.constantFrom(...BEFORE_END),
);
const afterEnd = fc
  .tuple(
    fc.constantFrom(...AFTER_END),
    fc.array(fc.oneof({ weight: 2, arbitrary: randomEvent }, { weight: 3, arbitrary: ofTypes(SETTLING) }, { weight: 1, arbitrary: postPurchase }), { minLength: 1, maxLength: 3 }),
  )
  .map(([timestamp, events]) => events.map((event) => ({ ...event, timestamp })));

describe("answer cache against computation", () => {
  it(
    "after batches at one instant each after a period's end, every answer kept across them or computed equals the computation",
    async () => {
      const at = new Date(END + 32 * 24 * HOUR);
      await fc.assert(
        fc.asyncProperty(beforeEnd, fc.array(afterEnd, { minLength: 1, maxLength: 6 }), async (history, batches) => {
          await tdb.truncate();
          const f = await metricFixture(tdb.db, { abandonmentWindowHours: 30 });
          await f.send(history);
          const reads = HALVES.map((keys) => ({ keys, from: "2026-03-18", to: "2026-04-15", interval: "week" as const }));
          for (const read of reads) await readMetrics(tdb.db, f.org.id, read, at);
          for (const batch of batches) {
            await f.send(batch);
            for (const read of reads) {
              const served = await readMetrics(tdb.db, f.org.id, read, at);
              const computed = await readMetrics(tdb.db, f.org.id, read, at, undefined, { cache: false });
              expect(served, `after a batch at ${(batch[0] as { timestamp: string }).timestamp}`).toEqual(computed);
            }
          }
        }),
        { numRuns: RUNS * 4, interruptAfterTimeLimit: TIME_BUDGET_MS },
      );
    },
    TIME_BUDGET_MS + 60_000,
  );

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
        fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 12 }), async (steps: Step[]) => {
          await tdb.truncate();
          const f = await metricFixture(tdb.db);
          const readAt = async (at: Date) => {
            for (const read of READS) {
              const served = await readMetrics(tdb.db, f.org.id, read, at);
              const computed = await readMetrics(tdb.db, f.org.id, read, at, undefined, { cache: false });
              expect(served, `${read.from}..${read.to} at ${at.toISOString()}`).toEqual(computed);
            }
          };
          let last: Date | null = null;
          for (const s of steps) {
            if (s.kind === "batch") await f.send(s.events);
            else if (s.kind === "erase") await eraseCustomer(tdb.db, actor, f.org.id, s.customerId).catch(() => {}); // NOT_FOUND: never seen
            else if (s.kind === "window") await tdb.db.update(organizations).set({ abandonmentWindowHours: s.hours }).where(eq(organizations.id, f.org.id));
            else if (s.kind === "again") {
              if (last) await readAt(last);
            } else {
              let now = s.at;
              for (const gap of [0, ...s.then]) {
                now += gap;
                last = new Date(now);
                await readAt(last);
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
