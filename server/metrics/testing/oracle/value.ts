/**
 * metrics.md section 4 "Value and loyalty", read straight from the spec (clv_predicted is a later issue).
 * Money is in the organisation's currency (dataset.ts converts); an order whose currency has no rate
 * has a null total and is left out of money sums, and of both sides of an average order value.
 */
import { DAY, type Dataset, inSpan, type OracleSection, type Order, type Span, ratio } from "./dataset";

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const priced = (orders: Order[]) => orders.filter((o) => o.total !== null);
const totals = (orders: Order[]) => sum(priced(orders).map((o) => o.total!));

/** "per-customer metrics count identified customers only and leave anonymous orders out of both sides." */
const identified = (orders: Order[]) => orders.filter((o) => o.customer !== null);
const customersOf = (orders: Order[]) => new Set(identified(orders).map((o) => o.customer!));

/**
 * Refunds (of orders that count) made in P: "a refund counts in the period of the refund". Each is capped at
 * what is left of its order at its own timestamp (dataset.ts).
 */
const refundsIn = (data: Dataset, p: Span) =>
  sum(data.orders.flatMap((o) => o.refunds.filter((r) => inSpan(r.at, p) && r.amount !== null).map((r) => r.amount!)));

/** Revenue's `unconverted`: the period's orders without a rate ("how many such orders there are", events.md). */
const unconvertedIn = (data: Dataset, p: Span) => data.ordersIn(p).filter((o) => o.total === null).length;
/** Revenue's `unconvertedRefunds`: the refunds (of something) made in P of orders without a rate, left out of the sum. */
const unconvertedRefundsIn = (data: Dataset, p: Span) =>
  data.orders.filter((o) => o.total === null).flatMap((o) => o.refunds.filter((r) => inSpan(r.at, p) && r.minor > 0)).length;

const revenue = (data: Dataset, p: Span) => totals(data.ordersIn(p)) - refundsIn(data, p);
const aov = (data: Dataset, p: Span) => {
  const orders = priced(data.ordersIn(p));
  return ratio(totals(orders), orders.length);
};
/** "orders in P by customers / distinct customers with an order in P". */
const purchaseFrequency = (data: Dataset, p: Span) => {
  const orders = identified(data.ordersIn(p));
  return ratio(orders.length, customersOf(orders).size);
};

/** Customers alive at `from`, and those of them alive at `to`. */
function retention(data: Dataset, p: Span) {
  const atFrom = data.alive(p.from);
  const atTo = data.alive(p.to);
  const kept = [...atFrom].filter((c) => atTo.has(c)).length;
  return { atFrom: atFrom.size, kept, lost: atFrom.size - kept };
}
const retentionRate = (data: Dataset, p: Span) => {
  const r = retention(data, p);
  return ratio(r.kept, r.atFrom, 100);
};
/** "100 - retention_rate"; null when retention is. */
const churnRate = (data: Dataset, p: Span) => {
  const r = retentionRate(data, p);
  return r === null ? null : 100 - r;
};

/** Every subscription's state at t (alive, MRR with 0 while paused, customer). */
const subscriptionsAt = (data: Dataset, t: number) =>
  data
    .subscriptionIds()
    .map((id) => ({ id, s: data.subscriptionAt(id, t) }))
    .filter((x) => x.s !== null) as { id: string; s: { customer: string | null; alive: boolean; mrr: number | null } }[];

/** MRR of one subscription at t: its latest mrr when alive (0 while paused), 0 when cancelled or not started. */
const mrrOf = (data: Dataset, id: string, t: number) => {
  const s = data.subscriptionAt(id, t);
  return s && s.alive ? (s.mrr ?? 0) : 0;
};

/** "sum of `mrr` of subscriptions active at `to` (latest `mrr` of each)". */
const mrr = (data: Dataset, p: Span) => sum(subscriptionsAt(data, p.to).filter((x) => x.s.alive && x.s.mrr !== null).map((x) => x.s.mrr!));

/** "sum over subscriptions active at `from` of max(0, MRR at `from` - MRR at `to`, with 0 when cancelled) / MRR at `from`". */
function revenueChurn(data: Dataset, p: Span) {
  const active = subscriptionsAt(data, p.from).filter((x) => x.s.alive && x.s.mrr !== null);
  const base = sum(active.map((x) => x.s.mrr!));
  const lost = sum(active.map((x) => Math.max(0, x.s.mrr! - mrrOf(data, x.id, p.to))));
  return { base, lost };
}

/** Per customer MRR at t (identified subscriptions only). */
function mrrByCustomer(data: Dataset, t: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const { s } of subscriptionsAt(data, t)) {
    if (!s.alive || s.customer === null || s.mrr === null) continue;
    out.set(s.customer, (out.get(s.customer) ?? 0) + s.mrr);
  }
  return out;
}
/** "MRR at `to` of customers with MRR > 0 at `from` / their MRR at `from` (per customer, so a plan switch is not churn)". */
const netRevenueRetention = (data: Dataset, p: Span) => {
  const atFrom = [...mrrByCustomer(data, p.from)].filter(([, m]) => m > 0);
  const atTo = mrrByCustomer(data, p.to);
  return ratio(sum(atFrom.map(([c]) => atTo.get(c) ?? 0)), sum(atFrom.map(([, m]) => m)), 100);
};

/**
 * "AOV x orders per customer per year x expected lifespan in years, each over the 365 days before `to`; lifespan =
 * the organisation's override when set, else 100 / churn_rate over that year (`from = to - 365 d`), capped at 10
 * years; null when neither exists". A churn rate of 0 gives the cap (catalog).
 */
const clvSimple = (data: Dataset, p: Span) => {
  const year = { from: p.to - 365 * DAY, to: p.to };
  const a = aov(data, year);
  const f = purchaseFrequency(data, year);
  let lifespan = data.settings.clvLifespanYears;
  if (lifespan === null) {
    const churn = churnRate(data, year);
    if (churn !== null) lifespan = churn === 0 ? 10 : Math.min(10, 100 / churn);
  }
  if (a === null || f === null || lifespan === null) return null;
  return a * f * lifespan;
};

/** "net revenue before `to` of Purchasers(to) / Purchasers(to)". */
const clvHistorical = (data: Dataset, p: Span) => {
  const buyers = [...data.purchasers(p.to)];
  return ratio(sum(buyers.map((c) => data.netRevenueBefore(c, p.to))), buyers.length);
};

/** First enrolment instant of each customer. */
function enrolments(data: Dataset): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of data.ofType("loyalty.enrolled")) if (e.customer !== null && !out.has(e.customer)) out.set(e.customer, e.at);
  return out;
}

/** "members of B(to) enrolled (`loyalty.enrolled`) before `to` / B(to)". */
const loyaltyAdoption = (data: Dataset, p: Span) => {
  const base = data.base(p);
  const enrolled = enrolments(data);
  return ratio([...base].filter((c) => (enrolled.get(c) ?? Infinity) < p.to).length, base.size, 100);
};

const points = (data: Dataset, type: string, p: Span) =>
  sum(data.inPeriod(type, p).map((e) => Number(e.props.points)));
/** "points redeemed before `to` / points earned before `to` (the programme's lifetime)". */
const lifetime = (p: Span): Span => ({ from: -Infinity, to: p.to });

/**
 * "AOV of orders in P by customers enrolled before the order / AOV of orders in P by identified customers not
 * enrolled at that time". "Before" read strictly by timestamp.
 */
function memberSplit(data: Dataset, p: Span) {
  const enrolled = enrolments(data);
  const orders = identified(data.ordersIn(p));
  const members = orders.filter((o) => (enrolled.get(o.customer!) ?? Infinity) < o.at);
  return { members, others: orders.filter((o) => !members.includes(o)) };
}
const loyaltyLift = (data: Dataset, p: Span) => {
  const { members, others } = memberSplit(data, p);
  const a = ratio(totals(members), priced(members).length);
  const b = ratio(totals(others), priced(others).length);
  return a === null || b === null ? null : ratio(a, b);
};

export const VALUE_ORACLE: OracleSection = {
  values: {
    revenue,
    orders: (data, p) => data.ordersIn(p).length,
    aov,
    purchase_frequency: purchaseFrequency,
    /** "New in P: customers whose first order is in P". */
    new_customers: (data, p) => [...data.purchasers(p.to)].filter((c) => data.firstOrder(c)!.at >= p.from).length,
    /** "customers with an order in P who have >= 2 orders before `to` / customers with an order in P". */
    repeat_purchase_rate: (data, p) => {
      const customers = [...customersOf(data.ordersIn(p))];
      const before = (c: string) => data.orders.filter((o) => o.customer === c && o.at < p.to).length;
      return ratio(customers.filter((c) => before(c) >= 2).length, customers.length, 100);
    },
    /** "customers with an order in P who placed another order later in P": at least 2 orders in P (catalog: same instant counts). */
    repeat_service_rate: (data, p) => {
      const orders = identified(data.ordersIn(p));
      const customers = [...customersOf(orders)];
      return ratio(customers.filter((c) => orders.filter((o) => o.customer === c).length >= 2).length, customers.length, 100);
    },
    retention_rate: retentionRate,
    churn_rate: churnRate,
    mrr,
    revenue_churn_rate: (data, p) => {
      const r = revenueChurn(data, p);
      return ratio(r.lost, r.base, 100);
    },
    net_revenue_retention: netRevenueRetention,
    clv_simple: clvSimple,
    clv_historical: clvHistorical,
    loyalty_adoption_rate: loyaltyAdoption,
    points_redemption_rate: (data, p) =>
      ratio(points(data, "loyalty.points_redeemed", lifetime(p)), points(data, "loyalty.points_earned", lifetime(p)), 100),
    loyalty_member_aov_lift: loyaltyLift,
  },
  breakdowns: {
    revenue: (data, p) => ({ gross: totals(data.ordersIn(p)), refunds: refundsIn(data, p), unconverted: unconvertedIn(data, p), unconvertedRefunds: unconvertedRefundsIn(data, p) }),
    aov: (data, p) => ({ orders: priced(data.ordersIn(p)).length, unconverted: data.ordersIn(p).filter((o) => o.total === null).length }),
    purchase_frequency: (data, p) => {
      const orders = identified(data.ordersIn(p));
      return { orders: orders.length, customers: customersOf(orders).size };
    },
    repeat_purchase_rate: (data, p) => {
      const customers = [...customersOf(data.ordersIn(p))];
      const before = (c: string) => data.orders.filter((o) => o.customer === c && o.at < p.to).length;
      return { customers: customers.length, repeat: customers.filter((c) => before(c) >= 2).length };
    },
    repeat_service_rate: (data, p) => {
      const orders = identified(data.ordersIn(p));
      const customers = [...customersOf(orders)];
      return { customers: customers.length, returned: customers.filter((c) => orders.filter((o) => o.customer === c).length >= 2).length };
    },
    retention_rate: (data, p) => {
      const r = retention(data, p);
      return { aliveAtStart: r.atFrom, retained: r.kept };
    },
    churn_rate: (data, p) => {
      const r = retention(data, p);
      return { customers_lost: r.lost, aliveAtStart: r.atFrom };
    },
    mrr: (data, p) => {
      const alive = subscriptionsAt(data, p.to).filter((x) => x.s.alive);
      return { subscriptions: alive.length, unconverted: alive.filter((x) => x.s.mrr === null).length };
    },
    revenue_churn_rate: (data, p) => {
      const r = revenueChurn(data, p);
      return { recurring_value_lost: r.lost, mrr_at_start: r.base };
    },
    net_revenue_retention: (data, p) => {
      const atFrom = [...mrrByCustomer(data, p.from)].filter(([, m]) => m > 0);
      const atTo = mrrByCustomer(data, p.to);
      return {
        customers: atFrom.length,
        mrr_at_start: sum(atFrom.map(([, m]) => m)),
        mrr_at_end: sum(atFrom.map(([c]) => atTo.get(c) ?? 0)),
      };
    },
    clv_simple: (data, p) => {
      const year = { from: p.to - 365 * DAY, to: p.to };
      return { aov: aov(data, year), ordersPerCustomerPerYear: purchaseFrequency(data, year), churnRate: churnRate(data, year) };
    },
    clv_historical: (data, p) => {
      const buyers = [...data.purchasers(p.to)];
      return { purchasers: buyers.length, netRevenue: sum(buyers.map((c) => data.netRevenueBefore(c, p.to))) };
    },
    loyalty_adoption_rate: (data, p) => {
      const base = data.base(p);
      const enrolled = enrolments(data);
      return { base: base.size, members: [...base].filter((c) => (enrolled.get(c) ?? Infinity) < p.to).length };
    },
    /** Lifetime (before `to`) in earned/redeemed; "the period's earned and redeemed are in the breakdown". */
    points_redemption_rate: (data, p) => ({
      earned: points(data, "loyalty.points_earned", lifetime(p)),
      redeemed: points(data, "loyalty.points_redeemed", lifetime(p)),
      earnedInPeriod: points(data, "loyalty.points_earned", p),
      redeemedInPeriod: points(data, "loyalty.points_redeemed", p),
    }),
    loyalty_member_aov_lift: (data, p) => {
      const { members, others } = memberSplit(data, p);
      return {
        memberOrders: priced(members).length,
        nonMemberOrders: priced(others).length,
        memberAov: ratio(totals(members), priced(members).length),
        nonMemberAov: ratio(totals(others), priced(others).length),
      };
    },
  },
};
