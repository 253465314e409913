/**
 * The points rules of a loyalty programme, as pure functions: what a member earned, which tier they
 * hold, and what the programme owes. The service feeds them facts read from the events and orders.
 */
export interface PointsRules {
  /** Points per unit of the organisation's currency spent (net of refunds), rounded down per order. */
  pointsPerCurrencyUnit: number;
  signUpBonus: number;
  referralBonus: number;
  reviewBonus: number;
}

export interface MemberActivity {
  /** Net amount of each order since enrolment (total minus refunds), in the organisation's currency. */
  orderNets: readonly number[];
  /** referral.converted with the member as referrer, since enrolment. */
  referrals: number;
  /** review.submitted by the member, since enrolment. */
  reviews: number;
}

export interface DerivedPoints {
  purchase: number;
  signup: number;
  referral: number;
  review: number;
  total: number;
}

/**
 * Points a member earned under the rules. Each order earns floor(net x rate): whole points, as
 * loyalty programmes award them; a fully refunded order earns none and never takes points away. The
 * product is rounded to 6 decimals before flooring, so that 19.99 x 100 (1998.9999999999998 in
 * binary floating point) earns 1999.
 */
export function derivePoints(rules: PointsRules, activity: MemberActivity): DerivedPoints {
  const purchase = activity.orderNets.reduce((sum, net) => sum + Math.floor(Math.round(Math.max(0, net) * rules.pointsPerCurrencyUnit * 1e6) / 1e6), 0);
  const signup = rules.signUpBonus;
  const referral = rules.referralBonus * activity.referrals;
  const review = rules.reviewBonus * activity.reviews;
  return { purchase, signup, referral, review, total: purchase + signup + referral + review };
}

export interface Tier {
  name: string;
  threshold: number;
}

/** The highest tier whose threshold the member's lifetime points reach; null below every tier. */
export function tierOf(tiers: readonly Tier[], lifetimePoints: number): string | null {
  let held: Tier | null = null;
  for (const tier of tiers) if (lifetimePoints >= tier.threshold && (!held || tier.threshold > held.threshold)) held = tier;
  return held?.name ?? null;
}

export interface MemberBalance {
  earned: number;
  redeemed: number;
  expired: number;
}

/** Points still to be redeemed: never below zero (a member cannot owe the programme points). */
export function outstandingPoints(balance: MemberBalance): number {
  return Math.max(0, balance.earned - balance.redeemed - balance.expired);
}
