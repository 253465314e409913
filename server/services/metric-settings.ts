import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { exchangeRates, organizations } from "@/db/schema";
import { fromMinorUnits, toMinorUnits } from "@/lib/money";
import type { ExchangeRateInput, MetricSettingsInput } from "@/lib/validation/metric-settings";
import { badRequest, notFound } from "@/server/errors";
import { recordAudit, type Actor } from "./audit";
import type { Organization } from "./organizations";

/**
 * The organisation settings that metric definitions read (churn and abandonment windows, checkout
 * step order, support contact cost, CLV lifespan, A/B control) and its exchange-rate table. Every
 * change is audited. Metrics read the settings fresh on each request, so a change shows at once.
 */

export interface MetricSettingsView extends MetricSettingsInput {
  currency: string;
}

export function metricSettingsOf(org: Organization): MetricSettingsView {
  return {
    currency: org.currency,
    churnWindowDays: org.churnWindowDays,
    abandonmentWindowHours: org.abandonmentWindowHours,
    checkoutSteps: org.checkoutSteps,
    supportContactCost: org.supportContactCostMinor === null ? null : fromMinorUnits(org.supportContactCostMinor, org.currency),
    clvLifespanYears: org.clvLifespanYears === null ? null : Number(org.clvLifespanYears),
    controlVariant: org.controlVariant,
  };
}

export async function updateMetricSettings(db: Executor, actor: Actor, org: Organization, input: MetricSettingsInput): Promise<MetricSettingsView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(organizations)
      .set({
        churnWindowDays: input.churnWindowDays,
        abandonmentWindowHours: input.abandonmentWindowHours,
        checkoutSteps: input.checkoutSteps,
        supportContactCostMinor: input.supportContactCost === null ? null : toMinorUnits(input.supportContactCost, org.currency),
        clvLifespanYears: input.clvLifespanYears === null ? null : String(input.clvLifespanYears),
        controlVariant: input.controlVariant,
        updatedAt: new Date(),
      })
      .where(eq(organizations.id, org.id))
      .returning();
    const after = metricSettingsOf(row!);
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "organization.metric_settings_updated",
      targetType: "organization",
      targetId: org.id,
      before: metricSettingsOf(org),
      after,
    });
    return after;
  });
}

export interface ExchangeRateRow {
  currency: string;
  effectiveOn: string;
  rate: number;
}

export async function listExchangeRates(db: Executor, orgId: string): Promise<ExchangeRateRow[]> {
  const rows = await db
    .select({ currency: exchangeRates.currency, effectiveOn: exchangeRates.effectiveOn, rate: exchangeRates.rate })
    .from(exchangeRates)
    .where(eq(exchangeRates.orgId, orgId))
    .orderBy(asc(exchangeRates.currency), asc(exchangeRates.effectiveOn));
  return rows.map((r) => ({ ...r, rate: Number(r.rate) }));
}

/** Sets the rate of a currency from a date (replacing one set for that same date). */
export async function setExchangeRate(db: Executor, actor: Actor, org: Organization, input: ExchangeRateInput): Promise<ExchangeRateRow> {
  if (input.currency === org.currency) {
    throw badRequest(`${org.currency} is this organisation's own currency: it needs no rate.`, "currency");
  }
  return db.transaction(async (tx) => {
    const key = and(eq(exchangeRates.orgId, org.id), eq(exchangeRates.currency, input.currency), eq(exchangeRates.effectiveOn, input.effectiveOn));
    const [before] = await tx.select({ rate: exchangeRates.rate }).from(exchangeRates).where(key);
    await tx
      .insert(exchangeRates)
      .values({ orgId: org.id, currency: input.currency, effectiveOn: input.effectiveOn, rate: String(input.rate) })
      .onConflictDoUpdate({ target: [exchangeRates.orgId, exchangeRates.currency, exchangeRates.effectiveOn], set: { rate: String(input.rate) } });
    const row = { currency: input.currency, effectiveOn: input.effectiveOn, rate: input.rate };
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "exchange_rate.set",
      targetType: "exchange_rate",
      targetId: `${input.currency}@${input.effectiveOn}`,
      before: before ? { ...row, rate: Number(before.rate) } : null,
      after: row,
    });
    return row;
  });
}

export async function deleteExchangeRate(
  db: Executor,
  actor: Actor,
  orgId: string,
  key: { currency: string; effectiveOn: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(exchangeRates)
      .where(and(eq(exchangeRates.orgId, orgId), eq(exchangeRates.currency, key.currency), eq(exchangeRates.effectiveOn, key.effectiveOn)))
      .returning();
    if (!removed) throw notFound(`The ${key.currency} rate from ${key.effectiveOn}`);
    await recordAudit(tx, {
      orgId,
      actor,
      action: "exchange_rate.deleted",
      targetType: "exchange_rate",
      targetId: `${key.currency}@${key.effectiveOn}`,
      before: { currency: removed.currency, effectiveOn: removed.effectiveOn, rate: Number(removed.rate) },
    });
  });
}
