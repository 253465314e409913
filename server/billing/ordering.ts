import { PLAN_HOLDING_STATUSES } from "@/lib/billing/plans";
import type { SubscriptionSnapshot } from "./snapshots";

/** What the account holds of its subscription, to judge whether a delivered snapshot is newer. */
export interface HeldSubscription {
  subscriptionId: string | null;
  status: string | null;
  currentPeriodEnd: Date | null;
  subscriptionCreatedAt: Date | null;
  stateAt: Date | null;
}

export type Decision = { apply: true } | { apply: false; reason: string };

const live = (status: string | null) => status !== null && PLAN_HOLDING_STATUSES.includes(status);

/**
 * Stripe delivers events at least once and in no promised order. A snapshot is taken only if it is
 * not older than the state held, judged by the event's creation time and, within one second (Stripe's
 * resolution), by the subscription's own timestamps: a canceled subscription never comes back to life,
 * and a period never moves backwards. Another subscription of the same customer replaces the held one
 * only if it is newer and live, or the held one is no longer live: the end of an old subscription
 * must not end the new one that replaced it.
 */
export function subscriptionDecision(held: HeldSubscription | null, snapshot: SubscriptionSnapshot, eventAt: Date): Decision {
  if (!held?.subscriptionId) return { apply: true };
  if (held.subscriptionId !== snapshot.id) {
    if (!live(held.status)) return { apply: true };
    if (!live(snapshot.status)) return { apply: false, reason: `subscription ${snapshot.id} is not the organisation's current one (${held.subscriptionId})` };
    if (held.subscriptionCreatedAt && snapshot.createdAt < held.subscriptionCreatedAt) {
      return { apply: false, reason: `subscription ${snapshot.id} is older than the current one (${held.subscriptionId})` };
    }
    return { apply: true };
  }
  if (held.stateAt && eventAt < held.stateAt) return { apply: false, reason: "older than the state held" };
  if (held.stateAt && eventAt.getTime() === held.stateAt.getTime()) {
    if (held.status === "canceled" && snapshot.status !== "canceled") return { apply: false, reason: "the subscription was already canceled in the same second" };
    if (held.currentPeriodEnd && snapshot.currentPeriodEnd && snapshot.currentPeriodEnd < held.currentPeriodEnd) {
      return { apply: false, reason: "an earlier period than the one held" };
    }
  }
  return { apply: true };
}

/**
 * The status to keep from a subscription snapshot, given the payment outcome held: a snapshot older
 * than the last invoice event says "active" or "past due" as it was before that payment, so the
 * payment's outcome decides between the two. Other statuses (trialing, canceled…) stand.
 */
export function reconcileStatus(
  snapshotStatus: string,
  eventAt: Date,
  payment: { paymentStateAt: Date | null; paymentFailedAt: Date | null },
): string {
  if (!payment.paymentStateAt || payment.paymentStateAt <= eventAt) return snapshotStatus;
  if (snapshotStatus !== "active" && snapshotStatus !== "past_due") return snapshotStatus;
  return payment.paymentFailedAt ? "past_due" : "active";
}
