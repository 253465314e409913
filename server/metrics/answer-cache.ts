import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { canonicalJson } from "@/lib/canonical-json";
import { env } from "@/lib/env";
import type { MetricSettings } from "./context";
import type { MetricResult } from "./engine";
import type { Period } from "./period";
import type { MetricDefinition } from "./types";
import { textArray } from "./sql";
import { OUTCOME_WINDOWS, hoursSql, windowMs } from "./windows";

/**
 * Answers kept while they are still the answer.
 *
 * A metric's answer is a function of the organisation's data, the read (metric, period, interval,
 * segment, comparison), the settings the definitions use, the code, and "now", which decides only
 * whether a case's outcome window has ended (windows.ts). So an answer computed for data version V at
 * `asOf` is the answer of every later read of the same fingerprint while the version is still V and
 * no outcome window has ended since: until `validUntil`, the earliest end of a window still open at
 * `asOf`. Nothing is approximate: a hit returns what the computation would return now.
 *
 * Across writes: every committed change is logged with the earliest instant it can affect
 * (metric_data_changes, kept by the triggers of migration 0018), and every answer with its horizon, the
 * latest instant it reads data at (the period's end, plus the outcome window its cases are judged over;
 * MetricDefinition.readsUntil). An answer is still the answer after changes that all reach only at or
 * after its horizon: a shop sending today's events keeps yesterday's periods served.
 *
 * Why: the overview set at 10 million events takes seconds to compute, however it is read
 * (docs/performance.md); a dashboard page, a refresh, a second member of the team or an embedded
 * widget's viewers ask again for what was just computed. The cache does not make a computation faster:
 * a period that a write reaches into is computed afresh.
 */

/**
 * Answers are shared by processes of the same release only (a release whose metric code differs
 * must not serve another's answers). AFTERCART_RELEASE names it (the deployment's commit, say); without it
 * each process is its own release and shares with nobody.
 */
const RELEASE = env.AFTERCART_RELEASE ?? `process-${randomUUID()}`;

/** Off in development, where code changes under a running process without changing its release. */
export const answerCacheEnabled = () => env.AFTERCART_ANSWER_CACHE === "on" && env.NODE_ENV !== "development";

/** What an answer depends on besides the data and "now", as one key. */
export interface AnswerKey {
  metric: string;
  from: string;
  to: string;
  interval: string | null;
  segment: unknown;
  compare: boolean;
  settings: MetricSettings;
}

export function fingerprintOf(key: AnswerKey): string {
  // The rollups' "stale" flags change where the rows are read from, never the answer: not part of the key.
  const { activityDaysStale: _a, visitSessionsStale: _v, checkoutSummariesStale: _c, ...definitionSettings } = key.settings;
  // Keys sorted at every level: two equal segments written in another order are one question.
  const canonical = canonicalJson([RELEASE, key.metric, key.from, key.to, key.interval, key.segment, key.compare, definitionSettings]);
  return createHash("sha256").update(canonical).digest("base64url");
}

/** The organisation's data version (0 before its first counted change). Read before computing: see keepAnswers. */
export async function dataVersionOf(db: Executor, orgId: string): Promise<number> {
  const [row] = rowsOf<{ version: string | number }>(await db.execute(sql`select version from metric_data_versions where org_id = ${orgId}`));
  return row ? Number(row.version) : 0;
}

/**
 * The latest instant an answer to this question reads data at: the period's end plus the window its
 * cases are judged over; null when the metric names no bound (then any change may change it).
 */
export function horizonOf(metric: Pick<MetricDefinition, "readsUntil">, period: Pick<Period, "to">, settings: Pick<MetricSettings, "abandonmentWindowHours">): Date | null {
  const reads = metric.readsUntil;
  if (!reads) return null;
  if (reads === "to") return period.to;
  const after = reads.after === "abandonmentWindow" ? settings.abandonmentWindowHours * 3_600_000 : windowMs(reads.after);
  return new Date(period.to.getTime() + after);
}

/**
 * A kept answer `a` is still the answer at data version `version`: kept at that version, or every change
 * since its own version is still in the log (it keeps an organisation's last 100,000) and reaches only at
 * or after its horizon.
 */
const stillTheAnswerAt = (version: number) => sql`(
  a.data_version = ${version}
  or (a.horizon is not null and a.data_version < ${version}
      and (select count(*) from metric_data_changes d
           where d.org_id = a.org_id and d.version > a.data_version and d.version <= ${version} and d.earliest_at >= a.horizon)
          = ${version} - a.data_version))`;

/**
 * The kept answers of these fingerprints that are still the answer at `now` for data version `version`.
 * One kept at an earlier version is moved to this one as it is served, so the next read checks only the
 * changes after it.
 */
export async function keptAnswers(db: Executor, orgId: string, version: number, fingerprints: readonly string[], now: Date): Promise<Map<string, MetricResult>> {
  if (fingerprints.length === 0) return new Map();
  const rows = rowsOf<{ fingerprint: string; answer: MetricResult | string; data_version: string | number }>(
    await db.execute(sql`
      select a.fingerprint, a.answer, a.data_version from metric_answers a
      where a.org_id = ${orgId} and a.fingerprint = any(${textArray(fingerprints)})
        and a.as_of <= ${now.toISOString()}::timestamptz
        and (a.valid_until is null or a.valid_until > ${now.toISOString()}::timestamptz)
        and ${stillTheAnswerAt(version)}`),
  );
  const carried = rows.filter((r) => Number(r.data_version) < version).map((r) => r.fingerprint);
  if (carried.length) {
    // The check again, in the update: another read may have replaced the row since (kept an answer of an older
    // version), and that answer must not be moved past changes nobody checked it against. A saving, not part
    // of the answer: should two reads moving overlapping answers deadlock, the answers are still served, and
    // the next read checks the changes since their older version.
    await db
      .execute(sql`
        update metric_answers a set data_version = ${version}
        where a.org_id = ${orgId} and a.fingerprint = any(${textArray(carried)}) and a.data_version < ${version} and ${stillTheAnswerAt(version)}`)
      .catch((error: unknown) => console.error("moving kept metric answers to the current data version failed:", error));
  }
  return new Map(rows.map((r) => [r.fingerprint, typeof r.answer === "string" ? (JSON.parse(r.answer) as MetricResult) : r.answer]));
}

/**
 * The first instant after `now` at which some outcome window of the organisation's data ends: every
 * case judged against "now" is anchored at an event's timestamp or an order's placement, so a window
 * W can end next at (the earliest such time after now - W) + W. Taken over all events and orders, not
 * only the types each window follows: it may end an answer's life early, never late. null when no
 * window is open.
 */
export async function stableUntil(db: Executor, settings: MetricSettings, now: Date): Promise<Date | null> {
  const at = now.toISOString();
  const windows = [...new Set([...Object.values(OUTCOME_WINDOWS), settings.abandonmentWindowHours])].map(hoursSql);
  const ends = windows.map(
    (w) => sql`(select min(e.timestamp) from events e where e.org_id = ${settings.orgId} and e.timestamp > ${at}::timestamptz - ${w}) + ${w},
               (select min(o.placed_at) from orders o where o.org_id = ${settings.orgId} and o.placed_at > ${at}::timestamptz - ${w}) + ${w}`,
  );
  const [row] = rowsOf<{ until: string | Date | null }>(await db.execute(sql`select least(${sql.join(ends, sql`, `)}) as until`));
  return row?.until ? new Date(row.until) : null;
}

/**
 * Keeps freshly computed answers. `version` must have been read before the computation started: a
 * write committed meanwhile moved the version past it, so an answer that may or may not include that
 * write is never served to a read that comes after it unless that write reached only past its horizon.
 * Answers computed more than a day ago (other releases', and those carried across writes since) are dropped
 * on the way.
 */
export async function keepAnswers(
  db: Executor,
  orgId: string,
  version: number,
  asOf: Date,
  validUntil: Date | null,
  answers: readonly { fingerprint: string; answer: MetricResult; horizon: Date | null }[],
): Promise<void> {
  if (answers.length === 0) return;
  // Only by age: rows are one per question (upserted), so those no longer the answer are few and overwritten
  // when asked again; checking every kept answer against the log on every keep would cost more than they take.
  // (Deleting "not the answer at this version" also deleted answers of a newer version than a slow read's.)
  await db.execute(sql`delete from metric_answers where org_id = ${orgId} and computed_at < now() - interval '1 day'`);
  // In one order: two reads keeping overlapping answers at once lock their rows in the same order.
  const sorted = [...answers].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const values = sorted.map(
    (a) =>
      sql`(${orgId}::uuid, ${a.fingerprint}, ${version}, ${asOf.toISOString()}::timestamptz, ${validUntil?.toISOString() ?? null}::timestamptz, ${a.horizon?.toISOString() ?? null}::timestamptz, ${JSON.stringify(a.answer)}::json)`,
  );
  // Two reads that computed the same answer for the same version: the one computed for the later "now" stays.
  await db.execute(sql`
    insert into metric_answers (org_id, fingerprint, data_version, as_of, valid_until, horizon, answer)
    values ${sql.join(values, sql`, `)}
    on conflict (org_id, fingerprint) do update
      set data_version = excluded.data_version, as_of = excluded.as_of, valid_until = excluded.valid_until, horizon = excluded.horizon,
          answer = excluded.answer, computed_at = now()
      where metric_answers.data_version < excluded.data_version
         or (metric_answers.data_version = excluded.data_version and metric_answers.as_of <= excluded.as_of)`);
}
