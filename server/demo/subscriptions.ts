import { DAY, HOUR, MINUTE, startOfUtcDay } from "./calendar";
import { PLANS, type PlanId } from "./catalog";
import type { Journey } from "./journey";
import { RATES_FROM_EUR, type DemoCurrency } from "./money";
import type { Rng } from "./random";

const PERIOD = 30 * DAY;

/** A monthly price in the subscriber's currency, ending in .90 like the EUR prices. */
function monthly(plan: PlanId, currency: DemoCurrency): number {
  const eur = PLANS.find((p) => p.id === plan)!.mrr;
  if (currency === "EUR") return eur;
  const raw = eur * RATES_FROM_EUR[currency];
  return raw >= 100 ? Math.round(raw / 10) * 10 : Math.round(raw) - 0.1;
}

/**
 * Trials and subscriptions: about half of the trials convert within 30 days; subscriptions are
 * switched, paused and resumed, and churn at a few percent a month. Vitamin subscribers who use
 * the app get daily dose reminders for a while.
 */
export function subscriptions(j: Journey): void {
  const rng = j.rng("subscriptions");
  if (j.identifiedAt === null) return;
  const bought = j.orders.length > 0;
  const viaTrial = rng.chance(bought ? 0.11 : 0.05);
  if (!viaTrial && !rng.chance(bought ? 0.06 : 0.012)) return;

  const plan = rng.weighted<PlanId>([["refill-club", 45], ["refill-club-plus", 20], ["daily-vitamins", 35]]);
  const from = bought ? j.orders[0]!.at : j.identifiedAt;
  let startAt: number;
  if (viaTrial) {
    const trialAt = from + rng.exponential(45 * DAY) + HOUR;
    if (!j.timeline.add(trialAt, "trial.started", j.web(trialAt), { plan, trialDays: 14 })) return;
    if (!rng.chance(0.47)) return;
    startAt = trialAt + rng.between(6, 29.5) * DAY;
  } else {
    startAt = from + rng.exponential(60 * DAY) + HOUR;
  }

  const subscriptionId = j.nextId("SUB");
  const { currency } = j.profile;
  let current: PlanId = plan;
  if (!j.timeline.add(startAt, "subscription.started", j.customer, { subscriptionId, mrr: monthly(plan, currency), plan, currency })) return;
  j.subscribedAt = startAt;
  j.updateTraits(startAt + MINUTE, { plan });
  let activeUntil = j.now;

  for (let renewal = startAt + PERIOD; renewal <= j.now + PERIOD; renewal += PERIOD) {
    const roll = rng.float();
    if (roll < 0.04 + (current === "daily-vitamins" ? 0.015 : 0)) {
      activeUntil = cancel(j, rng, subscriptionId, renewal);
      break;
    }
    if (roll < 0.075) {
      const pausedAt = renewal - rng.between(1, 10) * DAY;
      if (!j.timeline.add(pausedAt, "subscription.paused", j.customer, { subscriptionId })) break;
      renewal += PERIOD * rng.int(1, 2);
      if (rng.chance(0.3)) {
        activeUntil = cancel(j, rng, subscriptionId, renewal);
        break;
      }
      if (!j.timeline.add(renewal - rng.between(0, 3) * DAY, "subscription.resumed", j.customer, { subscriptionId })) break;
      continue;
    }
    if (roll < 0.11 && current !== "daily-vitamins") {
      current = current === "refill-club" ? "refill-club-plus" : "refill-club";
      const at = renewal - rng.between(0, 12) * DAY;
      if (j.timeline.add(at, "subscription.changed", j.customer, { subscriptionId, mrr: monthly(current, currency), plan: current })) {
        j.updateTraits(at + MINUTE, { plan: current });
      }
    }
  }
  if (plan === "daily-vitamins" && rng.chance(0.55)) doseReminders(j, rng, startAt, Math.min(activeUntil, startAt + rng.between(25, 90) * DAY));
}

/**
 * A cancellation asked for during the period that ends at `renewal`. Most take effect at once;
 * some at the end of the paid period (which may still be ahead of "now", as with real billing).
 */
function cancel(j: Journey, rng: Rng, subscriptionId: string, renewal: number): number {
  const at = renewal - rng.between(1, 20) * DAY;
  const atPeriodEnd = rng.chance(0.4);
  const reason = rng.weighted([["too_expensive", 30], ["not_using", 35], ["switched_brand", 10], ["moving", 5], ["other", 20]] as const);
  const properties: Record<string, unknown> = { subscriptionId, reason };
  if (atPeriodEnd) properties.effectiveAt = new Date(renewal).toISOString().replace(".000Z", "Z");
  if (!j.timeline.add(at, "subscription.canceled", j.customer, properties)) return j.now;
  j.updateTraits(at + MINUTE, { plan: "free" });
  return atPeriodEnd ? renewal : at;
}

/** The vitamin app's daily reminder at 08:00 local time, and the doses taken (most, not all). */
function doseReminders(j: Journey, rng: Rng, from: number, until: number): void {
  const adherence = rng.beta(6, 2);
  let n = 0;
  for (let day = startOfUtcDay(from) + DAY; day < until; day += DAY) {
    const scheduledAt = day + (8 - j.profile.utcOffset) * HOUR;
    const doseId = `DOSE-${j.profile.index + 1}-${++n}`;
    if (!j.timeline.add(scheduledAt, "medication.dose_scheduled", j.customer, { doseId, supplement: "daily-vitamins" })) break;
    if (rng.chance(adherence)) {
      j.timeline.add(scheduledAt + Math.min(rng.logNormal(35 * MINUTE, 1.2), 20 * HOUR), "medication.dose_taken", j.web(scheduledAt), { doseId });
    }
  }
}
