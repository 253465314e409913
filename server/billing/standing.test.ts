import { describe, expect, it } from "vitest";
import { effectivePlan, usagePeriod } from "./standing";

const d = (iso: string) => new Date(iso);
const live = (start: string, end: string, status = "active") => ({ plan: "growth", status, currentPeriodStart: d(start), currentPeriodEnd: d(end) });

describe("the plan in force", () => {
  it("is the subscription's while it is trialing, active or past due, and Free otherwise", () => {
    expect(["trialing", "active", "past_due"].map((status) => effectivePlan({ ...live("2026-12-01", "2027-01-01"), status }))).toEqual(["growth", "growth", "growth"]);
    expect(["canceled", "unpaid", "incomplete", "incomplete_expired", "paused"].map((status) => effectivePlan({ ...live("2026-12-01", "2027-01-01"), status }))).toEqual(
      Array(5).fill("free"),
    );
    expect(effectivePlan(null)).toBe("free");
    expect(effectivePlan({ ...live("2026-12-01", "2027-01-01"), plan: "platinum" })).toBe("free");
  });
});

describe("the usage period", () => {
  it("without a subscription: the calendar month in UTC, its last millisecond included", () => {
    expect(usagePeriod(null, d("2026-12-31T23:59:59.999Z"))).toEqual({ start: d("2026-12-01T00:00:00Z"), end: d("2027-01-01T00:00:00Z") });
    expect(usagePeriod(null, d("2027-01-01T00:00:00Z")).start).toEqual(d("2027-01-01T00:00:00Z"));
  });

  it("with a live subscription: Stripe's period, start included and end excluded", () => {
    const account = live("2026-11-15T10:00:00Z", "2026-12-15T10:00:00Z");
    expect(usagePeriod(account, d("2026-12-15T09:59:59Z"))).toEqual({ start: account.currentPeriodStart, end: account.currentPeriodEnd });
  });

  it("when the renewal's webhook is late: rolls on a month at a time from the anchor (31 Jan -> 28 Feb -> 31 Mar, as Stripe does)", () => {
    const account = live("2027-01-31T08:00:00Z", "2027-02-28T08:00:00Z");
    expect(usagePeriod(account, d("2027-03-05T00:00:00Z"))).toEqual({ start: d("2027-02-28T08:00:00Z"), end: d("2027-03-31T08:00:00Z") });
    expect(usagePeriod(account, d("2027-04-02T00:00:00Z"))).toEqual({ start: d("2027-03-31T08:00:00Z"), end: d("2027-04-30T08:00:00Z") });
  });

  it("rolls from Stripe's anchor, not from a stored start that was already clamped (a cycle anchored on the 31st)", () => {
    const account = { ...live("2027-02-28T08:00:00Z", "2027-03-31T08:00:00Z"), billingCycleAnchor: d("2027-01-31T08:00:00Z") };
    expect(usagePeriod(account, d("2027-04-02T00:00:00Z"))).toEqual({ start: d("2027-03-31T08:00:00Z"), end: d("2027-04-30T08:00:00Z") });
    expect(usagePeriod(account, d("2027-05-30T09:00:00Z"))).toEqual({ start: d("2027-04-30T08:00:00Z"), end: d("2027-05-31T08:00:00Z") });
  });

  it("a canceled subscription's period no longer applies: back to calendar months", () => {
    expect(usagePeriod(live("2026-11-15T10:00:00Z", "2026-12-15T10:00:00Z", "canceled"), d("2026-12-01T12:00:00Z")).start).toEqual(d("2026-12-01T00:00:00Z"));
  });
});
