import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { metricTargets } from "@/db/schema";
import { presetById } from "@/lib/benchmarks/presets";
import { thresholdProblem, type Threshold } from "@/lib/benchmarks/status";
import type { TargetInput } from "@/lib/validation/benchmarks";
import { badRequest, notFound } from "@/server/errors";
import { getMetric, listMetrics } from "@/server/metrics/catalog";
import { FAMILIES, type MetricDefinition } from "@/server/metrics/types";
import { recordAudit, type Actor } from "./audit";

/**
 * Per-organisation targets (benchmarks): what every card, chart, the journey table and the API
 * judge a metric's value against. Every change is audited in the transaction that makes it.
 */

/** The organisation's targets by metric key (only those of `keys` when given). */
export async function loadTargets(db: Executor, orgId: string, keys?: readonly string[]): Promise<Map<string, Threshold>> {
  const rows = await db
    .select({ metricKey: metricTargets.metricKey, target: metricTargets.target, warning: metricTargets.warning })
    .from(metricTargets)
    .where(and(eq(metricTargets.orgId, orgId), keys ? inArray(metricTargets.metricKey, [...keys]) : undefined));
  return new Map(rows.map((r) => [r.metricKey, { target: Number(r.target), warning: Number(r.warning) }]));
}

export interface BenchmarkRow {
  key: string;
  name: string;
  family: MetricDefinition["family"];
  familyLabel: string;
  unit: MetricDefinition["unit"];
  direction: MetricDefinition["direction"];
  target: number | null;
  warning: number | null;
}

function rowOf(m: MetricDefinition, threshold: Threshold | null): BenchmarkRow {
  return { key: m.key, name: m.name, family: m.family, familyLabel: FAMILIES[m.family], unit: m.unit, direction: m.direction, target: threshold?.target ?? null, warning: threshold?.warning ?? null };
}

/** Every metric that can carry a target (all but tables), with the organisation's target where set. */
export async function listBenchmarks(db: Executor, orgId: string): Promise<BenchmarkRow[]> {
  const targets = await loadTargets(db, orgId);
  return listMetrics()
    .filter((m) => m.unit !== "table")
    .map((m) => rowOf(m, targets.get(m.key) ?? null));
}

function targetableMetric(key: string): MetricDefinition {
  const metric = getMetric(key);
  if (!metric) throw badRequest(`There is no metric "${key}" in the catalog.`, "metricKey");
  if (metric.unit === "table") throw badRequest(`${metric.name} is a table, not a single number: it cannot have a target.`, "metricKey");
  return metric;
}

/** Why a threshold does not fit its metric (direction, percent range), or null. */
function checkThreshold(metric: MetricDefinition, threshold: Threshold): void {
  const direction = thresholdProblem(threshold, metric.direction);
  if (direction) throw badRequest(direction, "warning");
  // Shares of a whole stop at 100; the catalog marks the percentages that do not (expansion revenue).
  if (metric.unit === "percent" && metric.above100) {
    for (const [field, value] of Object.entries(threshold)) {
      if (value < 0) throw badRequest(`${metric.name} cannot be negative: the ${field === "target" ? "target" : "warning threshold"} must be 0 or more.`, field);
    }
  } else if (metric.unit === "percent") {
    for (const [field, value] of Object.entries(threshold)) {
      if (value < 0 || value > 100) throw badRequest(`${metric.name} is a percentage: the ${field === "target" ? "target" : "warning threshold"} must be between 0 and 100.`, field);
    }
  }
}

async function upsert(tx: Executor, orgId: string, entries: readonly { key: string; threshold: Threshold }[]): Promise<void> {
  if (!entries.length) return;
  await tx
    .insert(metricTargets)
    .values(entries.map((e) => ({ orgId, metricKey: e.key, target: String(e.threshold.target), warning: String(e.threshold.warning) })))
    .onConflictDoUpdate({
      target: [metricTargets.orgId, metricTargets.metricKey],
      set: { target: sql`excluded.target`, warning: sql`excluded.warning`, updatedAt: new Date() },
    });
}

export async function setTarget(db: Executor, actor: Actor, orgId: string, input: TargetInput): Promise<BenchmarkRow> {
  const metric = targetableMetric(input.metricKey);
  const threshold = { target: input.target, warning: input.warning };
  checkThreshold(metric, threshold);
  return db.transaction(async (tx) => {
    const before = (await loadTargets(tx, orgId, [metric.key])).get(metric.key) ?? null;
    await upsert(tx, orgId, [{ key: metric.key, threshold }]);
    await recordAudit(tx, { orgId, actor, action: "benchmark.set", targetType: "metric", targetId: metric.key, before, after: threshold });
    return rowOf(metric, threshold);
  });
}

export async function deleteTarget(db: Executor, actor: Actor, orgId: string, metricKey: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(metricTargets)
      .where(and(eq(metricTargets.orgId, orgId), eq(metricTargets.metricKey, metricKey)))
      .returning();
    if (!removed) throw notFound(`A target for ${metricKey}`);
    await recordAudit(tx, {
      orgId,
      actor,
      action: "benchmark.deleted",
      targetType: "metric",
      targetId: metricKey,
      before: { target: Number(removed.target), warning: Number(removed.warning) },
    });
  });
}

/**
 * Sets every target of a preset, replacing the organisation's targets for those metrics and leaving
 * the others alone. One audit entry lists what each metric had before and has now.
 */
export async function applyPreset(db: Executor, actor: Actor, orgId: string, presetId: string): Promise<{ applied: number }> {
  const preset = presetById(presetId);
  if (!preset) throw badRequest(`There is no preset "${presetId}".`, "presetId");
  const entries = preset.targets.map((t) => {
    const metric = targetableMetric(t.key);
    const threshold = { target: t.target, warning: t.warning };
    checkThreshold(metric, threshold);
    return { key: t.key, threshold };
  });
  return db.transaction(async (tx) => {
    const before = await loadTargets(tx, orgId, entries.map((e) => e.key));
    await upsert(tx, orgId, entries);
    await recordAudit(tx, {
      orgId,
      actor,
      action: "benchmark.preset_applied",
      targetType: "preset",
      targetId: preset.id,
      before: Object.fromEntries(entries.map((e) => [e.key, before.get(e.key) ?? null])),
      after: Object.fromEntries(entries.map((e) => [e.key, e.threshold])),
    });
    return { applied: entries.length };
  });
}
