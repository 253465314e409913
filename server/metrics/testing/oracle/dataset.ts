/**
 * The oracle's view of an organisation's data: written from ../shared/spec (events.md, metrics.md)
 * alone, in memory and without SQL, so that a test can hold the engine's answers to a second,
 * independent reading of the contract (the way the product is checked from outside). It shares no
 * code with server/metrics or server/ingest on purpose: a mistake copied into both would agree with
 * itself. Slow and simple by design; it is for a few dozen events.
 */

/** An event as a merchant sends it (events.md "Envelope"); the array order is the arrival order. */
export interface SentEvent {
  id?: string;
  type: string;
  customerId?: string;
  anonymousId?: string;
  sessionId?: string;
  timestamp: string;
  properties?: Record<string, unknown>;
}

export interface OracleSettings {
  /** Days, weeks and months are cut in it (metrics.md "Time"). */
  timeZone: string;
  churnWindowDays: number;
  abandonmentHours: number;
  stepOrder: string[];
  costPerContact: number | null;
  clvLifespanYears: number | null;
  controlVariant: string | null;
  /** The organisation's currency: money metrics are in it (events.md "Money"). */
  currency: string;
  /** Its exchange-rate table: one unit of `currency` is worth `rate` of the organisation's from the local date `on`. */
  rates: readonly { currency: string; on: string; rate: number }[];
}

export const DEFAULT_ORACLE_SETTINGS: OracleSettings = {
  timeZone: "UTC",
  churnWindowDays: 180,
  abandonmentHours: 24,
  stepOrder: ["cart", "information", "shipping", "payment", "review"],
  costPerContact: null,
  clvLifespanYears: null,
  controlVariant: null,
  currency: "EUR",
  rates: [],
};

/** A period [from, to) in epoch milliseconds. */
export interface Span {
  from: number;
  to: number;
}

/** A stored event: arrival number, instant, and who it is for once identities are stitched. */
export interface Ev {
  seq: number;
  type: string;
  at: number;
  /** The resolved customer: its own customerId, else the customer its anonymous id is linked to. */
  customer: string | null;
  /** The customer when known, else the anonymous id ("c:" / "a:" keep the two apart). */
  actor: string;
  anonymousId: string | null;
  sessionId: string | null;
  props: Record<string, unknown>;
}

export interface Order {
  orderId: string;
  seq: number;
  at: number;
  customer: string | null;
  actor: string;
  /** The currency it was sent in (the organisation's when none was sent) and its rate on the order's local day. */
  currency: string;
  rate: number | null;
  /** The total in the organisation's currency; null when its currency has no rate (left out of money sums). */
  total: number | null;
  checkoutId: string | null;
  sustainable: boolean;
  /**
   * Refunds applied to it (capped): `minor` in the order's own minor units, `amount` in the
   * organisation's currency at the order's rate (null as `total`).
   */
  refunds: { at: number; minor: number; amount: number | null }[];
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** metrics.md "Customer-initiated events"; custom events (types not in events.md) count too. */
const CUSTOMER_INITIATED = new Set([
  "page.viewed", "product.viewed", "cart.item_added", "checkout.started", "checkout.step_viewed", "checkout.completed",
  "order.placed", "return.requested", "policy.viewed", "sustainability.info_viewed", "dpp.viewed", "repair.requested",
  "maintenance.booked", "resale.listed", "takeback.requested", "recycling.completed", "content.engaged", "content.shared",
  "content.commented", "referral.sent", "tracking.viewed", "email.clicked", "support.contacted", "review.submitted",
  "survey.responded", "loyalty.enrolled", "loyalty.points_redeemed", "onboarding.call_booked", "request.created",
  "deliverable.reviewed", "portal.login", "feature.used", "trial.started", "subscription.started", "appointment.attended",
  "medication.dose_taken",
]);

/** Every type events.md names; anything else well-formed is a custom event. */
const KNOWN_TYPES = new Set([
  ...CUSTOMER_INITIATED,
  "order.refunded", "order.canceled", "return.received", "order.shipped", "order.delivered", "subscription.changed",
  "subscription.canceled", "subscription.paused", "subscription.resumed", "cart.recovery_sent", "repair.completed",
  "eol.prompted", "referral.converted", "email.sent", "request.responded", "deliverable.shared", "survey.sent",
  "loyalty.points_earned", "loyalty.points_expired", "appointment.scheduled", "appointment.missed",
  "medication.dose_scheduled", "customer.identified",
]);

const isCustomerInitiated = (type: string) => CUSTOMER_INITIATED.has(type) || !KNOWN_TYPES.has(type);

export const SUSTAINABILITY_TYPES = new Set([
  "dpp.viewed", "sustainability.info_viewed", "repair.requested", "repair.completed", "maintenance.booked",
  "resale.listed", "takeback.requested", "recycling.completed",
]);
export const isSustainabilityInteraction = (e: Ev) =>
  SUSTAINABILITY_TYPES.has(e.type) || (e.type === "content.engaged" && e.props.topic === "sustainability");

export const LIFECYCLE_TYPES = new Set(["repair.requested", "maintenance.booked", "resale.listed", "takeback.requested", "recycling.completed"]);

/** Decimal places of a currency's minor unit (ISO 4217, as Intl knows it): 2 for EUR, 0 for JPY. */
const decimalsOf = (currency: string) => new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;

/**
 * events.md: money is stored as integer minor units of its currency. The amount as sent (its decimal
 * text) is rounded half up to the minor unit, as a person would round 40.125 to 40.13; the float
 * product 40.125 * 100 would not do that reliably.
 */
function toMinor(amount: number, decimals: number): number {
  const scale = 10 ** decimals;
  const [whole, fraction = ""] = String(Math.abs(amount)).split(".");
  if (whole!.includes("e")) return Math.sign(amount) * Math.round(Math.abs(amount) * scale);
  const kept = Number(whole) * scale + Number(fraction.padEnd(decimals, "0").slice(0, decimals) || "0");
  const roundUp = fraction[decimals] !== undefined && fraction[decimals] >= "5" ? 1 : 0;
  return Math.sign(amount) * (kept + roundUp);
}
const minorOf = (amount: number, currency: string) => toMinor(amount, decimalsOf(currency));
/** An amount as stored: major units of its currency, rounded to its minor unit. */
const money = (amount: unknown, currency: string) => minorOf(Number(amount), currency) / 10 ** decimalsOf(currency);

export const inSpan = (at: number, p: Span) => at >= p.from && at < p.to;
const byTime = (a: { at: number; seq: number }, b: { at: number; seq: number }) => a.at - b.at || a.seq - b.seq;

export class Dataset {
  readonly events: Ev[];
  /** Orders that count: first arrival of each orderId, cancelled ones left out (metrics.md "Orders"). */
  readonly orders: Order[];
  /** First arrival of each orderId, cancelled or not: these still complete their checkouts. */
  readonly placements: Ev[];
  readonly canceledOrderIds: ReadonlySet<string>;
  /** Each linked anonymous id's customer. */
  readonly links: ReadonlyMap<string, string>;

  /**
   * `links`, when given, are the identity links as they stand instead of the first claims of `sent`:
   * after an erasure (erasure.ts), links are what they were, less the erased customer's.
   */
  constructor(
    sent: readonly SentEvent[],
    readonly now: number,
    readonly settings: OracleSettings = DEFAULT_ORACLE_SETTINGS,
    links?: ReadonlyMap<string, string>,
  ) {
    // Idempotency: the same id is stored once; events more than an hour ahead of now are rejected.
    // A second order.placed of an orderId "is reported as a duplicate and changes nothing": it is
    // not stored either (no activity, no identity link).
    const seen = new Set<string>();
    const placed = new Set<string>();
    const accepted = sent
      .map((e, seq) => ({ e, seq, at: Date.parse(e.timestamp) }))
      .filter(({ e, at }) => {
        if (at > now + HOUR) return false;
        if (e.id !== undefined && seen.has(e.id)) return false;
        if (e.type === "order.placed") {
          const orderId = String(e.properties?.orderId);
          if (placed.has(orderId)) return false;
          placed.add(orderId);
        }
        if (e.id !== undefined) seen.add(e.id);
        return true;
      });

    // Identity: the first link of an anonymous id (earliest timestamp, ties by arrival) wins, retroactively.
    const claims = new Map<string, { customer: string; at: number; seq: number }>();
    for (const { e, seq, at } of accepted) {
      if (!e.customerId || !e.anonymousId) continue;
      const held = claims.get(e.anonymousId);
      if (!held || at < held.at || (at === held.at && seq < held.seq)) claims.set(e.anonymousId, { customer: e.customerId, at, seq });
    }
    this.links = links ?? new Map([...claims].map(([anonymousId, claim]) => [anonymousId, claim.customer]));

    this.events = accepted
      .map(({ e, seq, at }): Ev => {
        const customer = e.customerId ?? (e.anonymousId ? this.links.get(e.anonymousId) : undefined) ?? null;
        return {
          seq,
          type: e.type,
          at,
          customer,
          actor: customer !== null ? `c:${customer}` : `a:${e.anonymousId}`,
          anonymousId: e.anonymousId ?? null,
          sessionId: e.sessionId ?? null,
          props: e.properties ?? {},
        };
      })
      .sort(byTime);

    // Orders: one per orderId (the later placements were dropped above).
    this.placements = this.ofType("order.placed");
    const canceled = new Set(this.ofType("order.canceled").map((e) => String(e.props.orderId)));
    this.canceledOrderIds = canceled;

    this.orders = this.placements
      .filter((e) => !canceled.has(String(e.props.orderId)))
      .map((e) => {
        const items = Array.isArray(e.props.items) ? (e.props.items as { sustainable?: unknown }[]) : [];
        const currency = this.currencyOf(e);
        const rate = this.rateOn(currency, e.at);
        return {
          orderId: String(e.props.orderId),
          seq: e.seq,
          at: e.at,
          customer: e.customer,
          actor: e.actor,
          currency,
          rate,
          total: this.converted(money(e.props.total, currency), rate),
          checkoutId: e.props.checkoutId === undefined ? null : String(e.props.checkoutId),
          sustainable: e.props.sustainable === true || items.some((i) => i.sustainable === true),
          refunds: [],
        };
      });

    // Refunds in time order (ties by arrival), each capped at what is left then: "what is left" is
    // read at the refund's own timestamp, so the answer does not depend on the order of arrival
    // (events.md leaves it open; "first" is by timestamp everywhere else in the contract).
    // The cap is kept in the order's own minor units; each applied refund is then converted at the order's rate.
    const orderById = new Map(this.orders.map((o) => [o.orderId, o]));
    const leftMinor = new Map(this.placements.map((e) => [String(e.props.orderId), minorOf(Number(e.props.total), this.currencyOf(e))]));
    for (const r of this.ofType("order.refunded")) {
      const order = orderById.get(String(r.props.orderId));
      if (!order) continue;
      const left = leftMinor.get(order.orderId)!;
      const asked = r.props.amount === undefined ? left : minorOf(Number(r.props.amount), order.currency);
      const applied = Math.max(0, Math.min(asked, left));
      leftMinor.set(order.orderId, left - applied);
      order.refunds.push({ at: r.at, minor: applied, amount: this.converted(applied / 10 ** decimalsOf(order.currency), order.rate) });
    }
  }

  /** An event's currency: the one sent, else the organisation's ("resolved at ingest"). */
  private currencyOf(e: Ev): string {
    return typeof e.props.currency === "string" ? e.props.currency : this.settings.currency;
  }

  /**
   * A currency's rate into the organisation's on the local day of `at`: 1 for its own currency, else
   * the latest rate in force that day; a day before every rate takes the earliest (catalog: revenue);
   * null when the currency has no rate at all.
   */
  private rateOn(currency: string, at: number): number | null {
    if (currency === this.settings.currency) return 1;
    const rates = this.settings.rates.filter((r) => r.currency === currency).sort((a, b) => a.on.localeCompare(b.on));
    if (rates.length === 0) return null;
    const day = this.localDate(at);
    return (rates.filter((r) => r.on <= day).at(-1) ?? rates[0]!).rate;
  }

  private converted(amount: number, rate: number | null): number | null {
    return rate === null ? null : amount * rate;
  }

  /** Set on a dataset seen through a segment: the whole data and the segment's customers. */
  readonly source?: Dataset;
  readonly members?: ReadonlySet<string>;

  /**
   * The same data seen through a segment: only the events and orders of the given customers
   * (anonymous ones have no traits, so no segment holds them). Metrics whose cases gather several
   * actors' events (a session under one sessionId, a checkout completed by another's order) build
   * their cases on `source` and keep those whose owner is a member.
   */
  restrictTo(members: ReadonlySet<string>): Dataset {
    const keep = <T extends { customer: string | null }>(rows: readonly T[]) => rows.filter((r) => r.customer !== null && members.has(r.customer));
    const copy = Object.create(Dataset.prototype) as Dataset;
    return Object.assign(copy, {
      now: this.now,
      settings: this.settings,
      canceledOrderIds: this.canceledOrderIds,
      links: this.links,
      events: keep(this.events),
      orders: keep(this.orders),
      placements: keep(this.placements),
      source: this,
      members,
    });
  }

  /** Every identified customer the data knows. */
  customers(): Set<string> {
    return new Set(this.events.filter((e) => e.customer !== null).map((e) => e.customer!));
  }

  /** The organisation's local date of an instant, as YYYY-MM-DD. */
  localDate(at: number): string {
    return localDateIn(this.settings.timeZone, at);
  }

  /** The organisation's local month of an instant, as YYYY-MM. */
  localMonth(at: number): string {
    return this.localDate(at).slice(0, 7);
  }

  ofType(type: string): Ev[] {
    return this.events.filter((e) => e.type === type);
  }

  inPeriod(type: string, p: Span): Ev[] {
    return this.events.filter((e) => e.type === type && inSpan(e.at, p));
  }

  ordersIn(p: Span): Order[] {
    return this.orders.filter((o) => inSpan(o.at, p));
  }

  /** The customer's first order (earliest timestamp, ties by arrival), cancelled ones never. */
  firstOrder(customer: string): Order | undefined {
    return this.orders.filter((o) => o.customer === customer).sort(byTime)[0];
  }

  /** Purchasers(t): identified customers with at least one order before t. */
  purchasers(t: number): Set<string> {
    return new Set(this.orders.filter((o) => o.customer !== null && o.at < t).map((o) => o.customer!));
  }

  /**
   * Order totals minus refunds before t, in the organisation's currency; orders without a rate left out.
   * The catalog: "their order totals minus their refunds, both before `to`". A refund stamped before its
   * order (kept until the order came, events.md) is before `to` even when its order is not: it counts,
   * as it counts in `revenue` by its own time.
   */
  netRevenueBefore(customer: string, t: number): number {
    let sum = 0;
    for (const o of this.orders) {
      if (o.customer !== customer || o.total === null) continue;
      if (o.at < t) sum += o.total;
      for (const r of o.refunds) if (r.at < t) sum -= r.amount!;
    }
    // Rounded to 1e-9: float residue (10.1 - 10.1 = 1.8e-15) is not money, and the engine sums exactly.
    // A mean of such residues once made a ratio's denominator "nonzero" (sustainable LTV lift 1.9e16).
    return Math.round(sum * 1e9) / 1e9;
  }

  /**
   * Something the customer did (metrics.md "Customer-initiated events"). A cancelled order "is treated
   * as never placed", so its order.placed is no activity either (it still completes its checkout).
   */
  isActivity(e: Ev): boolean {
    return isCustomerInitiated(e.type) && !(e.type === "order.placed" && this.canceledOrderIds.has(String(e.props.orderId)));
  }

  /** Customers who did a customer-initiated event in the period. */
  active(p: Span): Set<string> {
    return new Set(this.events.filter((e) => e.customer !== null && this.isActivity(e) && inSpan(e.at, p)).map((e) => e.customer!));
  }

  /**
   * Subscriptions by id, from their events in time order; the first subscription.started opens one.
   * A subscription is a case like a checkout: its changes, pauses and cancellation count whoever sent
   * them, so through a segment it is read on `source` and kept when its owner is a member. Its MRR is
   * in the currency of its first subscription.started, converted at the rate of t's local day (catalog:
   * mrr); null when that currency has no rate, unless it is paused (0).
   */
  subscriptionAt(id: string, t: number): { customer: string | null; alive: boolean; mrr: number | null } | null {
    const all = (this.source ?? this).events;
    const events = all.filter((e) => e.type.startsWith("subscription.") && String(e.props.subscriptionId) === id && e.at < t);
    const start = events.find((e) => e.type === "subscription.started");
    if (!start) return null;
    if (this.members && (start.customer === null || !this.members.has(start.customer))) return null;
    const currency = this.currencyOf(start);
    const canceled = all.some(
      (e) =>
        e.type === "subscription.canceled" &&
        String(e.props.subscriptionId) === id &&
        (e.props.effectiveAt === undefined ? e.at : Date.parse(String(e.props.effectiveAt))) < t,
    );
    let mrr = 0;
    let paused = false;
    for (const e of events) {
      if ((e.type === "subscription.started" || e.type === "subscription.changed") && e.props.mrr !== undefined) mrr = money(e.props.mrr, currency);
      if (e.type === "subscription.paused") paused = true;
      if (e.type === "subscription.resumed") paused = false;
    }
    // A paused subscription counts 0 in any currency: nothing of it is left out of a sum for want of a rate.
    return { customer: start.customer, alive: !canceled, mrr: paused ? 0 : this.converted(mrr, this.rateOn(currency, t)) };
  }

  subscriptionIds(): string[] {
    return [...new Set((this.source ?? this).ofType("subscription.started").map((e) => String(e.props.subscriptionId)))];
  }

  /** Alive at t: an order in [t - W, t), or a subscription started before t and not cancelled before t. */
  alive(t: number): Set<string> {
    const w = this.settings.churnWindowDays * DAY;
    const out = new Set(this.orders.filter((o) => o.customer !== null && o.at >= t - w && o.at < t).map((o) => o.customer!));
    for (const id of this.subscriptionIds()) {
      const s = this.subscriptionAt(id, t);
      if (s?.alive && s.customer !== null) out.add(s.customer);
    }
    return out;
  }

  /** B(to): Purchasers(to) alive at `to` or active in P. */
  base(p: Span): Set<string> {
    const alive = this.alive(p.to);
    const active = this.active(p);
    return new Set([...this.purchasers(p.to)].filter((c) => alive.has(c) || active.has(c)));
  }
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function localDateIn(timeZone: string, at: number): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormats.set(timeZone, format);
  }
  return format.format(new Date(at));
}

/** Calendar arithmetic on YYYY-MM-DD dates, whatever the zone: a local day is a day. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * metrics.md "Outcome windows": each case (its owner, opened at an instant) is followed for `window`;
 * while that has not ended at the time of the query it is pending, whatever happened so far. `hit`
 * says whether the outcome came in [opened, opened + window).
 */
export function followCases(
  cases: Iterable<[string, number]>,
  window: number,
  now: number,
  hit: (owner: string, opened: number, end: number) => boolean,
): { hits: number; decided: number; pending: number } {
  const out = { hits: 0, decided: 0, pending: 0 };
  for (const [owner, opened] of cases) {
    const end = opened + window;
    if (end > now) out.pending++;
    else {
      out.decided++;
      if (hit(owner, opened, end)) out.hits++;
    }
  }
  return out;
}

/** null for an empty denominator, never 0 or NaN. */
export const ratio = (numerator: number, denominator: number, scale = 1): number | null =>
  denominator === 0 ? null : (scale * numerator) / denominator;

/** percentile_cont(0.5). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = (s.length - 1) / 2;
  return (s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2;
}

/** An oracle metric: a value for one period, as metrics.md defines it. */
export type OracleMetric = (data: Dataset, p: Span) => number | null;

/**
 * Numbers of a metric's breakdown for one period, by dot-separated path into the engine's breakdown
 * object (`pending`, `byKind.nps.rate`, `rows.0.exits`): only the paths the oracle vouches for.
 */
export type OracleBreakdown = (data: Dataset, p: Span) => Record<string, number | string | null>;

export interface OracleSection {
  values: Record<string, OracleMetric>;
  breakdowns?: Record<string, OracleBreakdown>;
}
