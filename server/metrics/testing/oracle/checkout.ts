/**
 * Oracle for metrics.md section 2 "Checkout and abandonment", written from the spec (metrics.md "Checkouts",
 * "Sessions", "Outcome windows", section 2) and the catalog's documented choices, not from the engine.
 */
import { addDays, type Dataset, DAY, type Ev, HOUR, type OracleSection, type Span, inSpan, ratio } from "./dataset";

const MINUTE = 60_000;
const RECOVERY_WINDOW = 7 * DAY;
const SESSION_GAP = 30 * MINUTE;

/**
 * Segments. A segment keeps whole cases by their owner (catalog: "A segment keeps the sessions whose first
 * view's customer is in it"; a recovered checkout's "customer is its starter's, else the message's"), with
 * all their events, whoever sent them. A dataset cut to a segment's customers' events alone (restrictTo)
 * would lose other actors' completions and views, so when the dataset says where it came from (`source`,
 * `members`), cases are built on the source and kept by owner; otherwise the dataset is taken as it is.
 */
const fullOf = (data: Dataset): Dataset => data.source ?? data;
const keeps = (data: Dataset, customer: string | null): boolean => {
  const members = data.members;
  return !members || (customer !== null && members.has(customer));
};

const checkoutIdOf = (e: Ev): string | null => (e.props.checkoutId === undefined || e.props.checkoutId === null ? null : String(e.props.checkoutId));

// ---------------------------------------------------------------------------------------------------------
// Checkouts
// ---------------------------------------------------------------------------------------------------------

interface Checkout {
  id: string;
  /** metrics.md: "timed from its first `checkout.started`" (earliest timestamp, ties by arrival). */
  start: Ev;
  actor: string;
  /** Earliest completion instant (checkout.completed, or an order.placed carrying the id, cancelled or not). */
  completedAt: number | null;
  /** "A case whose window has not ended at the time of the query is pending." */
  pending: boolean;
  /** "abandoned when not completed within the abandonment window"; a completion before the start counts (catalog: clock skew). */
  abandoned: boolean;
  /** "ends at its completion when completed within the window, else at start + the abandonment window". */
  end: number;
  /** Index in the step order of the furthest step viewed with its checkoutId (at any time), -1 when none. */
  lastStep: number;
  variant: string | null;
}

/** Completion instants per checkoutId: checkout.completed, and the first placement of each orderId (cancelled ones too). */
function completionsById(data: Dataset): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (id: string | null, at: number) => {
    if (id === null) return;
    const list = out.get(id) ?? [];
    list.push(at);
    out.set(id, list);
  };
  for (const e of data.ofType("checkout.completed")) add(checkoutIdOf(e), e.at);
  // "A cancelled order ... still completes its checkout"; a duplicate order.placed "changes nothing".
  for (const e of data.placements) add(checkoutIdOf(e), e.at);
  return out;
}

const memo = new WeakMap<Dataset, Checkout[]>();

/** The checkouts a (possibly segmented) dataset keeps: those whose starter is in the segment. */
function checkouts(data: Dataset): Checkout[] {
  return allCheckouts(fullOf(data)).filter((c) => keeps(data, c.start.customer));
}

function allCheckouts(data: Dataset): Checkout[] {
  const cached = memo.get(data);
  if (cached) return cached;
  const window = data.settings.abandonmentHours * HOUR;
  const order = data.settings.stepOrder;
  const completions = completionsById(data);
  const starts = new Map<string, Ev>();
  for (const e of data.ofType("checkout.started")) {
    const id = checkoutIdOf(e);
    if (id !== null && !starts.has(id)) starts.set(id, e); // data.events is sorted by time, then arrival
  }
  const out: Checkout[] = [];
  for (const [id, start] of starts) {
    const deadline = start.at + window;
    const inWindow = (completions.get(id) ?? []).filter((at) => at < deadline);
    const completedAt = inWindow.length ? Math.min(...inWindow) : null;
    const steps = data.ofType("checkout.step_viewed").filter((e) => checkoutIdOf(e) === id);
    const lastStep = Math.max(-1, ...steps.map((e) => order.indexOf(String(e.props.step))));
    const variantOf = (type: string) => data.ofType(type).find((e) => checkoutIdOf(e) === id && e.props.variant != null)?.props.variant;
    const variant = variantOf("checkout.started") ?? variantOf("checkout.step_viewed");
    out.push({
      id,
      start,
      actor: start.actor,
      completedAt,
      pending: deadline > data.now,
      abandoned: completedAt === null,
      end: completedAt ?? deadline,
      lastStep,
      variant: variant == null ? null : String(variant),
    });
  }
  memo.set(data, out);
  return out;
}

const startedIn = (data: Dataset, p: Span) => checkouts(data).filter((c) => inSpan(c.start.at, p));
const decidedIn = (data: Dataset, p: Span) => startedIn(data, p).filter((c) => !c.pending);
const pendingIn = (data: Dataset, p: Span) => startedIn(data, p).filter((c) => c.pending).length;

/** Abandonment rate in percent, null when empty. */
const abandonRate = (cs: Checkout[]) => ratio(cs.filter((c) => c.abandoned).length, cs.length, 100);

/**
 * "Views during a checkout are events between its start and its end that carry its checkoutId, or that
 * carry no checkoutId and come from the same actor" (catalog: both ends included). A checkout completed
 * before its start (clock skew, counted as completed) would end before it starts: its end is taken as
 * its start, so views at that very instant count (the catalog's documented reading).
 */
function viewedDuring(data: Dataset, c: Checkout, match: (e: Ev) => boolean): Ev[] {
  return fullOf(data).events.filter((e) => {
    if (!match(e) || e.at < c.start.at || e.at > Math.max(c.end, c.start.at)) return false;
    const id = checkoutIdOf(e);
    return id === null ? e.actor === c.actor : id === c.id;
  });
}

const isSustainabilityView = (e: Ev) => e.type === "dpp.viewed" || e.type === "sustainability.info_viewed";
const isPolicyView = (e: Ev) => e.type === "policy.viewed";

function sustainabilitySplit(data: Dataset, p: Span) {
  const decided = decidedIn(data, p);
  const withView = decided.filter((c) => viewedDuring(data, c, isSustainabilityView).length > 0);
  const without = decided.filter((c) => viewedDuring(data, c, isSustainabilityView).length === 0);
  return { withView, without };
}

function policySplit(data: Dataset, p: Span) {
  const decided = decidedIn(data, p);
  const policies = new Map(decided.map((c) => [c, new Set(viewedDuring(data, c, isPolicyView).map((e) => String(e.props.policy)))]));
  return {
    withView: decided.filter((c) => policies.get(c)!.size > 0),
    without: decided.filter((c) => policies.get(c)!.size === 0),
    withPolicy: (policy: string) => decided.filter((c) => policies.get(c)!.has(policy)),
  };
}

/** Rate a over rate b; null when either is null or b is 0. */
const rateRatio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

// ---------------------------------------------------------------------------------------------------------
// Cart recovery
// ---------------------------------------------------------------------------------------------------------

interface Recovery {
  id: string;
  message: Ev;
  converted: boolean;
  pending: boolean;
}

/**
 * "checkouts whose first-ever `cart.recovery_sent` is in P and came before any completion, that were completed
 * within 7 days after that message". A checkout need not have a checkout.started (catalog).
 */
function recoveriesIn(data: Dataset, p: Span): Recovery[] {
  const full = fullOf(data);
  const completions = completionsById(full);
  const starters = new Map(allCheckouts(full).map((c) => [c.id, c.start.customer]));
  const first = new Map<string, Ev>();
  for (const e of full.ofType("cart.recovery_sent")) {
    const id = checkoutIdOf(e);
    if (id !== null && !first.has(id)) first.set(id, e);
  }
  const out: Recovery[] = [];
  for (const [id, message] of first) {
    if (!inSpan(message.at, p)) continue;
    if (!keeps(data, starters.has(id) ? starters.get(id)! : message.customer)) continue;
    const done = completions.get(id) ?? [];
    if (done.some((at) => at <= message.at)) continue; // strictly before any completion
    out.push({
      id,
      message,
      converted: done.some((at) => at < message.at + RECOVERY_WINDOW),
      pending: message.at + RECOVERY_WINDOW > data.now,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Variants: pooled two-proportion z-test
// ---------------------------------------------------------------------------------------------------------

/** Complementary error function. */
function erfc(x: number): number {
  // Numerical Recipes erfc via Chebyshev (erfccheb), accurate to ~1.2e-16.
  const cof = [
    -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4,
    3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8,
    -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12,
    -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
  ];
  const cheb = (z: number) => {
    const t = 2 / (2 + z);
    const ty = 4 * t - 2;
    let d = 0;
    let dd = 0;
    for (let j = cof.length - 1; j > 0; j--) {
      const tmp = d;
      d = ty * d - dd + cof[j]!;
      dd = tmp;
    }
    return t * Math.exp(-z * z + 0.5 * (cof[0]! + ty * d) - dd);
  };
  return x >= 0 ? cheb(x) : 2 - cheb(-x);
}

/** Two-sided p-value of the pooled two-proportion z-test; null when the pooled rate is 0 or 1. */
function pooledZTestP(x1: number, n1: number, x2: number, n2: number): number | null {
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  if (pooled === 0 || pooled === 1) return null;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = (x1 / n1 - x2 / n2) / se;
  return erfc(Math.abs(z) / Math.SQRT2);
}

// ---------------------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------------------

interface Session {
  views: Ev[];
  /** "A session belongs to the actor of its first view and to the period of its first view." */
  actor: string;
  startAt: number;
}

const isView = (e: Ev) => e.type === "page.viewed" || e.type === "product.viewed";

const sessionMemo = new WeakMap<Dataset, Session[]>();

/** "one `sessionId`, or, without one, an actor's views with no gap over 30 minutes" (exactly 30 continues). */
/** The sessions a (possibly segmented) dataset keeps: those whose first view's customer is in the segment. */
function sessions(data: Dataset): Session[] {
  return allSessions(fullOf(data)).filter((s) => keeps(data, s.views[0]!.customer));
}

function allSessions(data: Dataset): Session[] {
  const cached = sessionMemo.get(data);
  if (cached) return cached;
  const groups: Ev[][] = [];
  const bySessionId = new Map<string, Ev[]>();
  const openByActor = new Map<string, Ev[]>();
  for (const e of data.events.filter(isView)) {
    if (e.sessionId !== null) {
      const g = bySessionId.get(e.sessionId);
      if (g) g.push(e);
      else {
        const fresh = [e];
        bySessionId.set(e.sessionId, fresh);
        groups.push(fresh);
      }
      continue;
    }
    const open = openByActor.get(e.actor);
    if (open && e.at - open[open.length - 1]!.at <= SESSION_GAP) open.push(e);
    else {
      const fresh = [e];
      openByActor.set(e.actor, fresh);
      groups.push(fresh);
    }
  }
  const out = groups.map((views) => ({ views, actor: views[0]!.actor, startAt: views[0]!.at }));
  sessionMemo.set(data, out);
  return out;
}

const sessionsIn = (data: Dataset, p: Span) => sessions(data).filter((s) => inSpan(s.startAt, p));

/**
 * "An order converts one session: the actor's session with the latest view at or before the order, if that
 * view is at most 30 minutes before it" (catalog: a session the actor owns; ties by arrival; orders not cancelled).
 */
function convertedSessions(data: Dataset): Set<Session> {
  const full = fullOf(data);
  const out = new Set<Session>();
  const all = allSessions(full);
  for (const o of full.orders) {
    let best: { view: Ev; session: Session } | null = null;
    for (const s of all) {
      if (s.actor !== o.actor) continue;
      for (const v of s.views) {
        if (v.at > o.at) continue;
        if (!best || v.at > best.view.at || (v.at === best.view.at && v.seq > best.view.seq)) best = { view: v, session: s };
      }
    }
    if (best && o.at - best.view.at <= SESSION_GAP) out.add(best.session);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The section
// ---------------------------------------------------------------------------------------------------------

const group = (prefix: string, cs: Checkout[]) => ({
  [`${prefix}.checkouts`]: cs.length,
  [`${prefix}.abandoned`]: cs.filter((c) => c.abandoned).length,
  [`${prefix}.rate`]: abandonRate(cs),
});

/** Monday of the ISO week of an instant's local date, as YYYY-MM-DD. */
function isoWeekStart(data: Dataset, at: number): string {
  const date = data.localDate(at);
  const day = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  return addDays(date, -day);
}

/**
 * "abandonment rate per `variant` (checkouts without a variant are left out), and a two-sided pooled
 * two-proportion z-test p-value against the control variant (default the variant with the most checkouts,
 * ties by name)". Catalog: most decided checkouts; ties by the first name in code-point order.
 */
function variantTable(data: Dataset, p: Span): Record<string, number | string | null> {
  const decided = decidedIn(data, p).filter((c) => c.variant !== null);
  const names = [...new Set(decided.map((c) => c.variant!))].sort(codePoint);
  const stats = new Map(names.map((v) => {
    const cs = decided.filter((c) => c.variant === v);
    return [v, { n: cs.length, x: cs.filter((c) => c.abandoned).length }];
  }));
  const configured = data.settings.controlVariant;
  const control =
    configured !== null && stats.has(configured)
      ? configured
      : (names.reduce<string | null>((best, v) => (best === null || stats.get(v)!.n > stats.get(best)!.n ? v : best), null));
  const out: Record<string, number | string | null> = { control };
  // Row order is not in the contract; code-point order agrees with the engine for the harness's "A", "B".
  names.forEach((v, i) => {
    const s = stats.get(v)!;
    const c = stats.get(control!)!;
    Object.assign(out, {
      [`rows.${i}.variant`]: v,
      [`rows.${i}.checkouts`]: s.n,
      [`rows.${i}.abandoned`]: s.x,
      [`rows.${i}.abandonmentRate`]: ratio(s.x, s.n, 100),
      [`rows.${i}.pValue`]: v === control ? null : pooledZTestP(s.x, s.n, c.x, c.n),
    });
  });
  return out;
}

const codePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sessionCounts(data: Dataset, p: Span): Record<string, number> {
  const inP = sessionsIn(data, p);
  const converted = convertedSessions(data);
  return {
    sessions: inP.length,
    views: inP.reduce((n, s) => n + s.views.length, 0),
    bounced: inP.filter((s) => s.views.length === 1).length,
    converted: inP.filter((s) => converted.has(s)).length,
  };
}

export const CHECKOUT_ORACLE: OracleSection = {
  values: {
    // "abandoned checkouts started in P / checkouts started in P (pending ones left out)"
    checkout_abandonment_rate: (data, p) => abandonRate(decidedIn(data, p)),

    // "abandonment rate of checkouts with a `dpp.viewed` or `sustainability.info_viewed` during them"
    sustainability_abandonment_rate: (data, p) => abandonRate(sustainabilitySplit(data, p).withView),

    // "abandonment rate of checkouts with a `policy.viewed` during them / that of checkouts without"
    policy_abandonment_impact: (data, p) => {
      const s = policySplit(data, p);
      return rateRatio(abandonRate(s.withView), abandonRate(s.without));
    },

    cart_recovery_conversion_rate: (data, p) => {
      const decided = recoveriesIn(data, p).filter((r) => !r.pending);
      return ratio(decided.filter((r) => r.converted).length, decided.length, 100);
    },

    conversion_rate: (data, p) => {
      const inP = sessionsIn(data, p);
      const converted = convertedSessions(data);
      return ratio(inP.filter((s) => converted.has(s)).length, inP.length, 100);
    },

    bounce_rate: (data, p) => {
      const inP = sessionsIn(data, p);
      return ratio(inP.filter((s) => s.views.length === 1).length, inP.length, 100);
    },

    // "views in the sessions of P / sessions in P" (catalog: all their views, even after `to`)
    pages_per_session: (data, p) => {
      const inP = sessionsIn(data, p);
      return ratio(inP.reduce((n, s) => n + s.views.length, 0), inP.length);
    },
  },

  breakdowns: {
    checkout_abandonment_rate: (data, p) => {
      const decided = decidedIn(data, p);
      const abandoned = decided.filter((c) => c.abandoned).length;
      return { started: decided.length, abandoned, completed: decided.length - abandoned, pending: pendingIn(data, p) };
    },

    // "per step: abandoned checkouts whose last step it is, checkouts that reached it, and exit rate"
    checkout_step_exits: (data, p) => {
      const decided = decidedIn(data, p);
      const out: Record<string, number | string | null> = {
        checkouts: decided.length,
        abandonedWithoutStep: decided.filter((c) => c.abandoned && c.lastStep < 0).length,
      };
      const rows = (cs: Checkout[], prefix: string) =>
        data.settings.stepOrder.forEach((step, i) => {
          const exits = cs.filter((c) => c.abandoned && c.lastStep === i).length;
          const reached = cs.filter((c) => c.lastStep >= i).length;
          Object.assign(out, {
            [`${prefix}.${i}.step`]: step,
            [`${prefix}.${i}.exits`]: exits,
            [`${prefix}.${i}.reached`]: reached,
            [`${prefix}.${i}.exitRate`]: ratio(exits, reached, 100),
          });
        });
      rows(decided, "rows");
      // "a heatmap of step x week of start" (ISO weeks, Monday first, UTC organisation)
      const weeks = [...new Set(decided.map((c) => isoWeekStart(data, c.start.at)))].sort();
      weeks.forEach((week, w) => {
        out[`heatmap.${w}.week`] = week;
        rows(decided.filter((c) => isoWeekStart(data, c.start.at) === week), `heatmap.${w}.steps`);
      });
      return out;
    },

    sustainability_abandonment_rate: (data, p) => {
      const { withView, without } = sustainabilitySplit(data, p);
      const a = abandonRate(withView);
      const b = abandonRate(without);
      return {
        ...group("withViews", withView),
        ...group("withoutViews", without),
        differencePoints: a === null || b === null ? null : a - b,
        pending: pendingIn(data, p),
      };
    },

    policy_abandonment_impact: (data, p) => {
      const s = policySplit(data, p);
      const out: Record<string, number | string | null> = { ...group("withViews", s.withView), ...group("withoutViews", s.without), pending: pendingIn(data, p) };
      const policies = new Set(s.withView.flatMap((c) => viewedDuring(data, c, isPolicyView).map((e) => String(e.props.policy))));
      for (const policy of policies) {
        const cs = s.withPolicy(policy);
        Object.assign(out, group(`byPolicy.${policy}`, cs));
        out[`byPolicy.${policy}.impact`] = rateRatio(abandonRate(cs), abandonRate(s.without));
      }
      return out;
    },

    // "counted by `reason`" (catalog: no reason is "unspecified", most frequent first; ties are not vouched for)
    exit_survey_reasons: (data, p) => {
      const responses = data.inPeriod("survey.responded", p).filter((e) => e.props.kind === "exit");
      const counts = new Map<string, number>();
      for (const e of responses) {
        const reason = e.props.reason == null ? "unspecified" : String(e.props.reason);
        counts.set(reason, (counts.get(reason) ?? 0) + 1);
      }
      const rows = [...counts].sort((a, b) => b[1] - a[1]);
      const out: Record<string, number | string | null> = { responses: responses.length };
      rows.forEach(([reason, count], i) => {
        out[`rows.${i}.count`] = count;
        out[`rows.${i}.percent`] = ratio(count, responses.length, 100);
        if (rows.filter((r) => r[1] === count).length === 1) out[`rows.${i}.reason`] = reason;
      });
      return out;
    },

    cart_recovery_conversion_rate: (data, p) => {
      const all = recoveriesIn(data, p);
      const decided = all.filter((r) => !r.pending);
      const out: Record<string, number | string | null> = {
        checkouts: decided.length,
        converted: decided.filter((r) => r.converted).length,
        pending: all.length - decided.length,
      };
      const by = (name: string, keyOf: (r: Recovery) => string) => {
        for (const key of new Set(all.map(keyOf))) {
          const rs = decided.filter((r) => keyOf(r) === key);
          const converted = rs.filter((r) => r.converted).length;
          Object.assign(out, { [`${name}.${key}.checkouts`]: rs.length, [`${name}.${key}.converted`]: converted, [`${name}.${key}.rate`]: ratio(converted, rs.length, 100) });
        }
      };
      by("byNudge", (r) => (r.message.props.nudge == null ? "unspecified" : String(r.message.props.nudge)));
      by("byChannel", (r) => String(r.message.props.channel));
      return out;
    },

    checkout_variant_abandonment: (data, p) => variantTable(data, p),

    conversion_rate: (data, p) => sessionCounts(data, p),
    bounce_rate: (data, p) => sessionCounts(data, p),
    pages_per_session: (data, p) => sessionCounts(data, p),
  },
};
