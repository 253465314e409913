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
 * How far along its life a status is. Stripe moves a subscription forward through these (incomplete
 * before it is paid, ended last); within one second, a snapshot further back is the older one.
 * Active and past due go back and forth, so they share a rank.
 */
const STATUS_RANK: Record<string, number> = {
  incomplete: 0,
  trialing: 1,
  active: 2,
  past_due: 2,
  unpaid: 3,
  paused: 3,
  canceled: 4,
  incomplete_expired: 4,
};
const rank = (status: string | null) => (status === null ? -1 : (STATUS_RANK[status] ?? 2));

/**
 * Stripe delivers events at least once and in no promised order. A snapshot is taken only if it is
 * not older than the state held, judged by the event's creation time and, within one second (Stripe's
 * resolution), by the subscription's own timestamps and the order of its life: a subscription never
 * goes back from canceled (or from active to incomplete), and a period never moves backwards.
 * Another subscription of the same customer replaces the held one only if it was created after it
 * (a late event of a subscription that an older one replaced must not bring it back), and, while the
 * held one is live, only if it is live itself: the end of an old subscription must not end the new
 * one that replaced it.
 */
export function subscriptionDecision(held: HeldSubscription | null, snapshot: SubscriptionSnapshot, eventAt: Date): Decision {
  if (!held?.subscriptionId) return { apply: true };
  if (held.subscriptionId !== snapshot.id) {
    if (held.subscriptionCreatedAt && snapshot.createdAt < held.subscriptionCreatedAt) {
      return { apply: false, reason: `subscription ${snapshot.id} is older than the organisation's current one (${held.subscriptionId})` };
    }
    if (live(held.status) && !live(snapshot.status)) return { apply: false, reason: `subscription ${snapshot.id} is not the organisation's current one (${held.subscriptionId})` };
    return { apply: true };
  }
  if (held.stateAt && eventAt < held.stateAt) return { apply: false, reason: "older than the state held" };
  if (held.stateAt && eventAt.getTime() === held.stateAt.getTime()) {
    if (rank(snapshot.status) < rank(held.status)) return { apply: false, reason: `${snapshot.status} comes before ${held.status}, held from the same second` };
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
