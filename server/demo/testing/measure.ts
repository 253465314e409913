import type { DemoEvent } from "../timeline";

/**
 * Plain in-memory measurements of generated events, for the behavioural tests: simplified versions
 * of the metrics in metrics.md (no periods, no pending cases), enough to see that each behaviour
 * the demo claims is in the data. Not used by the product.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const ms = (e: DemoEvent) => Date.parse(e.timestamp);
const prop = <T = unknown>(e: DemoEvent, key: string) => e.properties[key] as T;
const rate = (num: number, den: number) => (den === 0 ? null : num / den);

/** Resolves each event's actor: the customer, or the customer its anonymous id was first linked to. */
export function actorResolver(events: readonly DemoEvent[]): (e: DemoEvent) => string {
  const links = new Map<string, { customerId: string; at: number }>();
  for (const e of events) {
    if (!e.customerId || !e.anonymousId) continue;
    const current = links.get(e.anonymousId);
    if (!current || ms(e) < current.at) links.set(e.anonymousId, { customerId: e.customerId, at: ms(e) });
  }
  return (e) => e.customerId ?? links.get(e.anonymousId!)?.customerId ?? `anon:${e.anonymousId}`;
}

export interface CheckoutFacts {
  id: string;
  actor: string;
  startedAt: number;
  completedAt: number | null;
  lastStep: number;
  variant: string | null;
  sustainabilityView: boolean;
  policies: Set<string>;
  abandoned: boolean;
}

/** Checkouts as metrics.md defines them, with a 24-hour abandonment window. */
export function checkouts(events: readonly DemoEvent[]): CheckoutFacts[] {
  const actorOf = actorResolver(events);
  const byId = new Map<string, CheckoutFacts>();
  for (const e of events) {
    const id = prop<string | undefined>(e, "checkoutId");
    if (e.type === "checkout.started" && id && !byId.has(id)) {
      byId.set(id, { id, actor: actorOf(e), startedAt: ms(e), completedAt: null, lastStep: -1, variant: prop(e, "variant") ?? null, sustainabilityView: false, policies: new Set(), abandoned: true });
    }
  }
  const views: DemoEvent[] = [];
  for (const e of events) {
    const c = byId.get(prop<string>(e, "checkoutId") ?? "");
    if ((e.type === "checkout.completed" || e.type === "order.placed") && c) c.completedAt = Math.min(c.completedAt ?? Infinity, ms(e));
    if (e.type === "checkout.step_viewed" && c) c.lastStep = Math.max(c.lastStep, prop<number>(e, "stepIndex"));
    if (e.type === "dpp.viewed" || e.type === "sustainability.info_viewed" || e.type === "policy.viewed") views.push(e);
  }
  const byActor = new Map<string, CheckoutFacts[]>();
  for (const c of byId.values()) {
    c.abandoned = c.completedAt === null || c.completedAt - c.startedAt > DAY;
    const list = byActor.get(c.actor) ?? [];
    list.push(c);
    byActor.set(c.actor, list);
  }
  const end = (c: CheckoutFacts) => (c.abandoned ? c.startedAt + DAY : c.completedAt!);
  for (const v of views) {
    const id = prop<string | undefined>(v, "checkoutId");
    const candidates = id ? [byId.get(id)].filter((c): c is CheckoutFacts => !!c) : (byActor.get(actorOf(v)) ?? []);
    for (const c of candidates) {
      if (ms(v) < c.startedAt || ms(v) > end(c)) continue;
      if (v.type === "policy.viewed") c.policies.add(prop<string>(v, "policy"));
      else c.sustainabilityView = true;
    }
  }
  return [...byId.values()];
}

export function abandonmentRate(list: readonly CheckoutFacts[]): number | null {
  return rate(list.filter((c) => c.abandoned).length, list.length);
}

export interface OrderFacts {
  orderId: string;
  customerId: string;
  at: number;
  total: number;
  currency: string;
  canceled: boolean;
  shippedAt: number | null;
  deliveredAt: number | null;
  enrolledBefore: boolean;
}

export function orders(events: readonly DemoEvent[]): OrderFacts[] {
  const enrolled = new Map<string, number>();
  for (const e of events) if (e.type === "loyalty.enrolled") enrolled.set(e.customerId!, ms(e));
  const byId = new Map<string, OrderFacts>();
  for (const e of events) {
    if (e.type !== "order.placed") continue;
    const enrolAt = enrolled.get(e.customerId!);
    byId.set(prop(e, "orderId"), {
      orderId: prop(e, "orderId"),
      customerId: e.customerId!,
      at: ms(e),
      total: prop(e, "total"),
      currency: prop(e, "currency"),
      canceled: false,
      shippedAt: null,
      deliveredAt: null,
      enrolledBefore: enrolAt !== undefined && enrolAt < ms(e),
    });
  }
  for (const e of events) {
    const o = byId.get(prop<string>(e, "orderId") ?? "");
    if (!o) continue;
    if (e.type === "order.canceled") o.canceled = true;
    if (e.type === "order.shipped") o.shippedAt = ms(e);
    if (e.type === "order.delivered") o.deliveredAt = ms(e);
  }
  return [...byId.values()];
}

export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = (s.length - 1) / 2;
  return (s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2;
}

export function scores(events: readonly DemoEvent[], kind: string): number[] {
  return events.filter((e) => e.type === "survey.responded" && prop(e, "kind") === kind).map((e) => prop<number>(e, "score"));
}

export function nps(values: readonly number[]): { promoters: number; passives: number; detractors: number; score: number } {
  const promoters = values.filter((v) => v >= 9).length;
  const detractors = values.filter((v) => v <= 6).length;
  return { promoters, passives: values.length - promoters - detractors, detractors, score: (100 * (promoters - detractors)) / values.length };
}

/** Sessions: one session id, or an actor's views with no gap over 30 minutes. */
export function sessions(events: readonly DemoEvent[]): { actor: string; start: number; end: number; views: number }[] {
  const actorOf = actorResolver(events);
  const byKey = new Map<string, { actor: string; start: number; end: number; views: number }>();
  const loose = new Map<string, number[]>();
  for (const e of events) {
    if (e.type !== "page.viewed" && e.type !== "product.viewed") continue;
    if (e.sessionId) {
      const s = byKey.get(e.sessionId) ?? { actor: actorOf(e), start: ms(e), end: ms(e), views: 0 };
      s.start = Math.min(s.start, ms(e));
      s.end = Math.max(s.end, ms(e));
      s.views += 1;
      byKey.set(e.sessionId, s);
    } else {
      const actor = actorOf(e);
      const times = loose.get(actor) ?? [];
      times.push(ms(e));
      loose.set(actor, times);
    }
  }
  const out = [...byKey.values()];
  for (const [actor, times] of loose) {
    times.sort((a, b) => a - b);
    let current = { actor, start: times[0]!, end: times[0]!, views: 0 };
    for (const t of times) {
      if (t - current.end > 30 * 60_000) {
        out.push(current);
        current = { actor, start: t, end: t, views: 0 };
      }
      current.end = t;
      current.views += 1;
    }
    out.push(current);
  }
  return out;
}

export const by = <T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> => {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const list = map.get(key(item)) ?? [];
    list.push(item);
    map.set(key(item), list);
  }
  return map;
};

export { DAY, HOUR, ms, prop, rate };
