import { DAY } from "./calendar";
import { LOYALTY_PROGRAM } from "./catalog";
import type { Timeline, Who } from "./timeline";

export const SIGNUP_POINTS = 100;
export const REVIEW_POINTS = 50;
export const REFERRAL_POINTS = 250;
/** 250 points buy a 5 EUR reward (2% back on one point per euro). */
export const REWARD_POINTS = 250;
export const REWARD_EUR = 5;
/** Points lapse after this long without earning or redeeming any. */
export const EXPIRY_AFTER = 180 * DAY;

type Reason = "purchase" | "signup" | "referral" | "review" | "other";
interface Entry {
  at: number;
  points: number;
  reason?: Reason;
  rewardValue?: number;
}

/**
 * A member's points. Entries may be added out of time order (a review is written after the next
 * order was already planned); the balance at any moment replays them in order, lapsing a balance
 * after 180 quiet days, and the events are written once the story is complete.
 */
export class LoyaltyLedger {
  private entries: Entry[] = [];

  constructor(readonly enrolledAt: number) {}

  earn(at: number, points: number, reason: Reason): void {
    if (at >= this.enrolledAt && points >= 1) this.entries.push({ at, points: Math.floor(points), reason });
  }

  redeem(at: number, points: number, rewardValue: number): void {
    this.entries.push({ at, points: -points, rewardValue });
  }

  /** Replays the entries up to `until`, calling `onExpiry` for each lapse. */
  private replay(until: number, onExpiry?: (at: number, points: number) => void): number {
    let balance = 0;
    let last = this.enrolledAt;
    for (const entry of [...this.entries].sort((a, b) => a.at - b.at)) {
      if (entry.at >= until) break;
      if (balance > 0 && entry.at - last > EXPIRY_AFTER) {
        onExpiry?.(last + EXPIRY_AFTER, balance);
        balance = 0;
      }
      balance += entry.points;
      last = entry.at;
    }
    if (balance > 0 && until - last > EXPIRY_AFTER) {
      onExpiry?.(last + EXPIRY_AFTER, balance);
      balance = 0;
    }
    return balance;
  }

  balanceAt(at: number): number {
    return this.replay(at);
  }

  /** Writes enrolment, every earning, redemption and lapse as events. */
  write(timeline: Timeline, who: Who, tier: string): void {
    timeline.add(this.enrolledAt, "loyalty.enrolled", who, { programId: LOYALTY_PROGRAM, tier });
    for (const e of this.entries) {
      if (e.points > 0) timeline.add(e.at, "loyalty.points_earned", who, { points: e.points, reason: e.reason });
      else timeline.add(e.at, "loyalty.points_redeemed", who, { points: -e.points, rewardValue: e.rewardValue });
    }
    this.replay(timeline.now, (at, points) => timeline.add(at, "loyalty.points_expired", who, { points }));
  }
}
