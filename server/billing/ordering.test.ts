import { describe, expect, it } from "vitest";
import { reconcileStatus, subscriptionDecision, type HeldSubscription } from "./ordering";
import type { SubscriptionSnapshot } from "./snapshots";

const t = (s: number) => new Date(Date.UTC(2026, 11, 1) + s * 1000);
const held = (over: Partial<HeldSubscription> = {}): HeldSubscription => ({ subscriptionId: "sub_a", status: "active", currentPeriodEnd: t(3000), subscriptionCreatedAt: t(0), stateAt: t(100), ...over });
const snap = (over: Partial<SubscriptionSnapshot> = {}): SubscriptionSnapshot => ({
  id: "sub_a",
  customerId: "cus",
  status: "active",
  priceId: "price",
  currentPeriodStart: t(0),
  currentPeriodEnd: t(3000),
  cancelAtPeriodEnd: false,
  trialEnd: null,
  billingCycleAnchor: t(0),
  createdAt: t(0),
  ...over,
});

describe("which subscription snapshot wins", () => {
  it("the first one always; then only one not older than the state held", () => {
    expect(subscriptionDecision(null, snap(), t(0))).toEqual({ apply: true });
    expect(subscriptionDecision(held(), snap(), t(99))).toEqual({ apply: false, reason: "older than the state held" });
    expect(subscriptionDecision(held(), snap(), t(100))).toEqual({ apply: true });
    expect(subscriptionDecision(held(), snap(), t(101))).toEqual({ apply: true });
  });

  it("within the same second: never back from canceled, never from active to incomplete, never to an earlier period", () => {
    expect(subscriptionDecision(held({ status: "canceled" }), snap(), t(100)).apply).toBe(false);
    expect(subscriptionDecision(held({ status: "canceled" }), snap({ status: "canceled" }), t(100)).apply).toBe(true);
    expect(subscriptionDecision(held(), snap({ status: "incomplete" }), t(100)).apply).toBe(false);
    expect(subscriptionDecision(held({ status: "incomplete" }), snap(), t(100)).apply).toBe(true);
    expect(subscriptionDecision(held(), snap({ status: "past_due" }), t(100)).apply).toBe(true);
    expect(subscriptionDecision(held({ status: "past_due" }), snap(), t(100)).apply).toBe(true);
    expect(subscriptionDecision(held(), snap({ currentPeriodEnd: t(2000) }), t(100)).apply).toBe(false);
  });

  it("another subscription: only a newer one replaces the held one, and while the held one is live only a live one", () => {
    expect(subscriptionDecision(held(), snap({ id: "sub_b", status: "canceled", createdAt: t(400) }), t(500)).apply).toBe(false);
    expect(subscriptionDecision(held(), snap({ id: "sub_b", createdAt: t(-10) }), t(500)).apply).toBe(false);
    expect(subscriptionDecision(held(), snap({ id: "sub_b", createdAt: t(400) }), t(500)).apply).toBe(true);
    expect(subscriptionDecision(held({ status: "canceled" }), snap({ id: "sub_b", createdAt: t(400) }), t(50)).apply).toBe(true);
    // Retried late: an older subscription's "active" after the newer one ended must not revive it.
    expect(subscriptionDecision(held({ status: "canceled" }), snap({ id: "sub_b", createdAt: t(-10) }), t(5000)).apply).toBe(false);
  });
});

describe("active or past due, when a payment outcome is newer than the snapshot", () => {
  it("the payment decides between the two; other statuses and newer snapshots stand", () => {
    const failed = { paymentStateAt: t(200), paymentFailedAt: t(200) };
    const paid = { paymentStateAt: t(200), paymentFailedAt: null };
    expect(reconcileStatus("active", t(150), failed)).toBe("past_due");
    expect(reconcileStatus("past_due", t(150), paid)).toBe("active");
    expect(reconcileStatus("canceled", t(150), paid)).toBe("canceled");
    expect(reconcileStatus("past_due", t(250), paid)).toBe("past_due");
    expect(reconcileStatus("active", t(150), { paymentStateAt: null, paymentFailedAt: null })).toBe("active");
  });
});
