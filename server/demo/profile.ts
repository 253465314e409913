import { DAY, HISTORY, HOUR, MINUTE, busyMoment } from "./calendar";
import type { DemoCurrency } from "./money";
import {
  CHANNEL_WEIGHTS,
  COUNTRY_WEIGHTS,
  GENDER_WEIGHTS,
  UTC_OFFSET,
  emailFor,
  personName,
  type AcquisitionChannel,
  type Country,
} from "./people";
import { Rng } from "./random";

export interface RunSettings {
  seed: number;
  customers: number;
  now: number;
  /** The shop's own currency: prices, and orders of everyone outside the UK and the US. */
  currency: DemoCurrency;
}

/** How a customer first gave their email address. */
export type IdentifiedVia = "newsletter" | "account" | "checkout";

/**
 * Who a customer is and the anchors of their story, drawn from a stream of its own. Cheap and pure,
 * so that another customer's journey can look it up (a referral names its referrer).
 */
export interface CustomerProfile {
  index: number;
  customerId: string;
  anonymousId: string;
  country: Country;
  utcOffset: number;
  currency: DemoCurrency;
  gender: string | null;
  firstName: string;
  lastName: string;
  email: string;
  channel: AcquisitionChannel;
  firstVisitAt: number;
  identifiedVia: IdentifiedVia;
  /** When a newsletter or account sign-up happens; checkout sign-ups happen at their checkout. */
  signUpAt: number | null;
  /** When the first order is placed, or null for people who do not buy (yet). */
  firstPurchaseAt: number | null;
  /** Expected orders a year after the first (heterogeneous, gamma distributed). */
  purchaseRate: number;
  /** Chance of drifting away after each order. */
  dropout: number;
  /** 0-1: how much passports, repairs and sustainability content matter to this person. */
  sustainability: number;
  /** Browsing sessions a month while interested. */
  browsing: number;
  /** When they join the loyalty programme, or null. */
  enrolAt: number | null;
  /** Tells friends: sends referral codes, and can be named as the referrer of a new customer. */
  advocate: boolean;
  /** Whether their browser sends session ids (some trackers do not: sessions are then cut by gaps). */
  sendsSessionIds: boolean;
}

export function customerIdOf(index: number): string {
  return `cus_${String(index + 1).padStart(7, "0")}`;
}

/** Customer numbers are the index plus one; referral codes carry them. */
export function referralCodeOf(index: number): string {
  return `FRIEND-${(index + 1).toString(36).toUpperCase()}`;
}

const BUY_CHANCE: Record<AcquisitionChannel, number> = { organic: 0.62, paid: 0.55, social: 0.48, email: 0.74, referral: 0.86 };

export function customerProfile(run: RunSettings, index: number): CustomerProfile {
  const rng = Rng.for(run.seed, "profile", index);
  const start = run.now - HISTORY;
  const country = rng.weighted(COUNTRY_WEIGHTS);
  const utcOffset = UTC_OFFSET[country];
  const currency: DemoCurrency = country === "GB" && run.currency !== "GBP" ? "GBP" : country === "US" && run.currency !== "USD" ? "USD" : run.currency;
  const { first, last } = personName(rng, country);
  const channel = rng.weighted(CHANNEL_WEIGHTS);
  // The shop is growing: later months bring more new people than earlier ones.
  const firstVisitAt = busyMoment(rng, start, run.now - HOUR, utcOffset, 1.6);

  const buyer = rng.chance(BUY_CHANCE[channel]);
  const identifiedVia: IdentifiedVia = buyer
    ? rng.weighted([["newsletter", 30], ["account", 20], ["checkout", 50]])
    : rng.weighted([["newsletter", 65], ["account", 35]]);
  const left = run.now - firstVisitAt;
  const signUpAt = identifiedVia === "checkout" ? null : firstVisitAt + Math.min(rng.exponential(2 * DAY) + 5 * MINUTE, left * rng.float());
  const plannedPurchase = Math.max(firstVisitAt + rng.exponential(9 * DAY) + 20 * MINUTE, (signUpAt ?? 0) + 10 * MINUTE);
  const firstPurchaseAt = buyer && plannedPurchase < run.now - 5 * MINUTE ? plannedPurchase : null;

  const sustainability = rng.chance(0.3) ? rng.beta(5, 2) : rng.beta(1.2, 5);
  const joins = rng.chance(firstPurchaseAt !== null ? 0.42 : 0.12);
  let enrolAt: number | null = null;
  if (joins) {
    if (signUpAt !== null && (firstPurchaseAt === null || rng.chance(0.55))) enrolAt = signUpAt + rng.between(1, 20) * MINUTE;
    else if (firstPurchaseAt !== null) enrolAt = firstPurchaseAt + rng.between(2, 30) * MINUTE;
  }
  if (enrolAt !== null && enrolAt >= run.now) enrolAt = null;

  return {
    index,
    customerId: customerIdOf(index),
    anonymousId: `anon_${rng.hex(16)}`,
    country,
    utcOffset,
    currency,
    gender: rng.weighted(GENDER_WEIGHTS),
    firstName: first,
    lastName: last,
    email: emailFor(rng, first, last, index + 1),
    channel,
    firstVisitAt,
    identifiedVia,
    signUpAt: signUpAt !== null && signUpAt < run.now ? signUpAt : null,
    firstPurchaseAt,
    purchaseRate: rng.gamma(1.6, 1.1),
    dropout: rng.beta(2, 5.5),
    sustainability,
    browsing: rng.logNormal(1.1, 0.6),
    enrolAt,
    advocate: firstPurchaseAt !== null && rng.chance(0.08 + (enrolAt !== null ? 0.1 : 0) + 0.12 * sustainability),
    sendsSessionIds: rng.chance(0.85),
  };
}

/**
 * A referred customer's referrer: an advocate whose planned first order is at least a week before
 * this customer's first visit (a recovered checkout can place a first order up to a week after the
 * plan, and the referrer must have bought before the referral converts). Drawn from the whole run,
 * so the referrer may come later in the stream.
 */
export function referrerOf(run: RunSettings, profile: CustomerProfile): CustomerProfile | null {
  if (profile.channel !== "referral" || profile.firstPurchaseAt === null || run.customers < 2) return null;
  const rng = Rng.for(run.seed, "referrer", profile.index);
  for (let attempt = 0; attempt < 40; attempt++) {
    const index = rng.int(0, run.customers - 1);
    if (index === profile.index) continue;
    const candidate = customerProfile(run, index);
    if (candidate.advocate && candidate.firstPurchaseAt !== null && candidate.firstPurchaseAt < profile.firstVisitAt - 7 * DAY) return candidate;
  }
  return null;
}
