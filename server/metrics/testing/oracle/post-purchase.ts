/**
 * metrics.md section 3, "Post-purchase experience", read from the spec alone.
 *
 * Outcome windows (metrics.md "Shared definitions"): "tracking and email clicks 30 d"; a case belongs to
 * the period of its opening event (here: the order), its outcome is followed for the window even past `to`,
 * and "a case whose window has not ended at the time of the query is *pending*, whatever its outcome so far:
 * pending cases are left out of both sides and returned as `pending` in the breakdown".
 */
import { DAY, type Dataset, type Ev, type OracleSection, type Order, type Span, ratio } from "./dataset";

const CLICK_WINDOW = 30 * DAY;

/** `support.contacted` with that `reason` in P; every contact counts, anonymous ones included. */
const contacts = (data: Dataset, p: Span, reason: string): Ev[] => data.inPeriod("support.contacted", p).filter((e) => e.props.reason === reason);

/** "count x the organisation's cost per contact"; null when the organisation has not set one. */
const cost = (data: Dataset, count: number): number | null =>
  data.settings.costPerContact === null ? null : count * data.settings.costPerContact;

/**
 * wismr denominator: "orders with a `return.requested` in P (distinct `orderId`)". metrics.md does not say
 * whether an orderId never sent as `order.placed` is an order here; the catalog documents "distinct orderId;
 * an order cancelled at any time is no order and is left out", so every distinct orderId of the period's
 * returns counts except those with an `order.canceled` ("treated as never placed, wherever it falls").
 */
function returnedOrders(data: Dataset, p: Span): Set<string> {
  // Whoever sent the cancellation: through a segment, another customer's cancellation still cancels the order.
  return new Set(
    data
      .inPeriod("return.requested", p)
      .map((e) => String(e.props.orderId))
      .filter((id) => !data.canceledOrderIds.has(id)),
  );
}

/** A 30-day case opened by an order: its window [at, at + 30 d) has not ended at `now`. */
const isPending = (data: Dataset, o: Order) => o.at + CLICK_WINDOW > data.now;

/** "within 30 days" after the order: from the order's instant (included) to 30 x 24 h later (excluded). */
const withinWindow = (o: Order, e: Ev) => e.at >= o.at && e.at < o.at + CLICK_WINDOW;

/** Orders of P, split into pending and decided, with how many decided ones had a matching event. */
function clickCases(data: Dataset, p: Span, matches: (e: Ev) => boolean) {
  const orders = data.ordersIn(p);
  const decided = orders.filter((o) => !isPending(data, o));
  // The event names the order, so it counts whoever sent it: through a segment, the order is the member's case.
  const all = (data.source ?? data).events;
  const hits = decided.filter((o) => all.some((e) => matches(e) && String(e.props.orderId) === o.orderId && withinWindow(o, e)));
  return { pending: orders.length - decided.length, decided: decided.length, hits: hits.length };
}

const trackingCases = (data: Dataset, p: Span) => clickCases(data, p, (e) => e.type === "tracking.viewed");
const confirmationClickCases = (data: Dataset, p: Span) =>
  clickCases(data, p, (e) => e.type === "email.clicked" && e.props.emailType === "order_confirmation");

export const POST_PURCHASE_ORACLE: OracleSection = {
  values: {
    // "`support.contacted` with `reason = wismo` in P per 100 orders in P"
    wismo_rate: (data, p) => ratio(contacts(data, p, "wismo").length, data.ordersIn(p).length, 100),
    // "`support.contacted` with `reason = wismr` in P per 100 orders with a `return.requested` in P (distinct `orderId`)"
    wismr_rate: (data, p) => ratio(contacts(data, p, "wismr").length, returnedOrders(data, p).size, 100),
    // "`tracking.viewed` in P / orders in P": a plain count over a count, no window on the value itself.
    tracking_clicks_per_order: (data, p) => ratio(data.inPeriod("tracking.viewed", p).length, data.ordersIn(p).length),
    // "orders in P with >= 1 `email.clicked` of `emailType = order_confirmation` carrying their `orderId` within 30 days / orders in P"
    email_click_through_per_order: (data, p) => {
      const c = confirmationClickCases(data, p);
      return ratio(c.hits, c.decided, 100);
    },
  },
  breakdowns: {
    wismo_rate: (data, p) => {
      const n = contacts(data, p, "wismo").length;
      return { contacts: n, orders: data.ordersIn(p).length, cost: cost(data, n) };
    },
    wismr_rate: (data, p) => {
      const n = contacts(data, p, "wismr").length;
      return { contacts: n, ordersWithReturns: returnedOrders(data, p).size, cost: cost(data, n) };
    },
    // "the breakdown gives the share of orders in P with >= 1 tracking view of that `orderId` within 30 days"
    tracking_clicks_per_order: (data, p) => {
      const c = trackingCases(data, p);
      return {
        views: data.inPeriod("tracking.viewed", p).length,
        orders: data.ordersIn(p).length,
        "ordersWithTrackingView.percent": ratio(c.hits, c.decided, 100),
        "ordersWithTrackingView.orders": c.hits,
        "ordersWithTrackingView.pending": c.pending,
      };
    },
    email_click_through_per_order: (data, p) => {
      const c = confirmationClickCases(data, p);
      return { orders: c.decided, clicked: c.hits, pending: c.pending };
    },
  },
};
