import { MINUTE, iso } from "./calendar";
import type { LoyaltyLedger } from "./loyalty";
import type { CustomerProfile, RunSettings } from "./profile";
import { Rng } from "./random";
import { Timeline, type Who } from "./timeline";
import type { PlacedOrder } from "./orders";

/** A second device (a phone next to the laptop): anonymous until its owner signs in on it. */
interface Device {
  anonymousId: string;
  firstSeenAt: number;
  /** When its owner signed in on it (a customer.identified carrying both ids). */
  linkedAt: number | null;
}

/**
 * One customer's story while it is being written: the profile, the events so far, and the state
 * that later chapters depend on (when they identified, what they ordered, their points).
 */
export class Journey {
  readonly timeline: Timeline;
  /** When they gave their email in a checkout, if that came before any sign-up. */
  private checkoutIdentifiedAt: number | null = null;
  /** When they sign up for the newsletter or an account (the identify is written at the end). */
  private signUpAt: number | null = null;
  readonly orders: PlacedOrder[] = [];
  ledger: LoyaltyLedger | null = null;
  /** Subscription starts, for the plan trait and the portal. */
  subscribedAt: number | null = null;
  private streams = new Map<string, Rng>();
  private sessions = 0;
  private counters = new Map<string, number>();
  device2: Device | null = null;

  constructor(
    readonly run: RunSettings,
    readonly profile: CustomerProfile,
  ) {
    this.timeline = new Timeline(run.now);
  }

  get now(): number {
    return this.run.now;
  }

  /** The customer's random stream for one behaviour family: families do not shift each other's draws. */
  rng(family: string): Rng {
    let rng = this.streams.get(family);
    if (!rng) {
      rng = Rng.for(this.run.seed, family, this.profile.index);
      this.streams.set(family, rng);
    }
    return rng;
  }

  /** `ORD-42-3` (customer 42's third order): numbered per customer, so stable and unique in a run. */
  nextId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}-${this.profile.index + 1}-${n}`;
  }

  nextSessionId(): string | undefined {
    this.sessions += 1;
    return this.profile.sendsSessionIds ? `ses_${this.profile.index + 1}_${this.sessions}` : undefined;
  }

  /** Server-side events (orders, emails, support): the customer id only. */
  get customer(): Who {
    return { customerId: this.profile.customerId };
  }

  /** Since when the shop knows who they are: the earlier of a checkout's email step and the sign-up. */
  get identifiedAt(): number | null {
    if (this.checkoutIdentifiedAt === null) return this.signUpAt;
    return this.signUpAt === null ? this.checkoutIdentifiedAt : Math.min(this.signUpAt, this.checkoutIdentifiedAt);
  }

  isIdentified(at: number): boolean {
    const since = this.identifiedAt;
    return since !== null && at >= since;
  }

  /** Browser events: the device id, plus the customer id once they are known on that device. */
  web(at: number, device: 1 | 2 = 1): Who {
    if (device === 2 && this.device2) {
      const linked = this.device2.linkedAt !== null && at >= this.device2.linkedAt;
      return linked ? { customerId: this.profile.customerId, anonymousId: this.device2.anonymousId } : { anonymousId: this.device2.anonymousId };
    }
    return this.isIdentified(at) ? { customerId: this.profile.customerId, anonymousId: this.profile.anonymousId } : { anonymousId: this.profile.anonymousId };
  }

  /**
   * A sign-up (newsletter or account) at `at`. Decided before the checkouts are written, so that
   * every later event is attributed correctly; its identify is written by finishSignUp, unless a
   * checkout identified them first.
   */
  planSignUp(at: number): void {
    if (at <= this.now) this.signUpAt = at;
  }

  finishSignUp(): void {
    if (this.signUpAt === null) return;
    if (this.checkoutIdentifiedAt !== null && this.checkoutIdentifiedAt < this.signUpAt) {
      if (this.profile.identifiedVia === "newsletter") this.timeline.add(this.signUpAt, "newsletter.subscribed", this.customer, { source: "footer_form" });
      return;
    }
    this.writeIdentify(this.signUpAt);
  }

  /** The email step of a checkout: identifies them there unless they are known already. */
  identifyAtCheckout(at: number): void {
    if (this.isIdentified(at)) return;
    if (this.writeIdentify(at)) this.checkoutIdentifiedAt = at;
  }

  /** The first identify: the browser's anonymous history becomes this customer's. */
  private writeIdentify(at: number): boolean {
    const p = this.profile;
    const traits: Record<string, unknown> = {
      email: p.email,
      name: `${p.firstName} ${p.lastName}`,
      firstName: p.firstName,
      lastName: p.lastName,
      country: p.country,
      acquisitionChannel: p.channel,
      createdAt: iso(at),
      plan: "free",
    };
    if (p.gender) traits.gender = p.gender;
    if (!this.timeline.add(at, "customer.identified", { customerId: p.customerId, anonymousId: p.anonymousId }, { traits })) return false;
    if (p.identifiedVia === "newsletter" && at === this.signUpAt) {
      this.timeline.add(at + MINUTE, "newsletter.subscribed", { customerId: p.customerId, anonymousId: p.anonymousId }, { source: "footer_form" });
    }
    return true;
  }

  /** A later identify that changes one trait (a plan, a move abroad): the latest value wins. */
  updateTraits(at: number, traits: Record<string, unknown>): void {
    if (this.isIdentified(at)) this.timeline.add(at, "customer.identified", this.customer, { traits });
  }

  /** Signs in on the second device, linking its anonymous history. */
  linkDevice2(at: number): void {
    if (!this.device2 || this.device2.linkedAt !== null || !this.isIdentified(at)) return;
    if (this.timeline.add(at, "customer.identified", { customerId: this.profile.customerId, anonymousId: this.device2.anonymousId }, { traits: { email: this.profile.email } })) {
      this.device2.linkedAt = at;
    }
  }
}
