import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { createStripeClient, type BillingConfig } from "@/server/billing/config";
import { invoiceObject, stripeEvent, subscriptionObject } from "./stripe-objects";

/**
 * A small stand-in for Stripe on a local port. The stripe library talks to it through its
 * host/port/protocol options (createStripeClient's apiUrl), so billing tests run without the network.
 * It answers the API calls Aftercart makes, keeps subscriptions in memory and records every request.
 * Given a webhook URL, it also plays Stripe's pages: a Checkout page whose "Pay" creates the
 * subscription and delivers the signed webhooks Stripe would, and a portal page that cancels at
 * period end; API updates of a subscription are followed by their webhook too (the e2e suite).
 */
export interface FakeStripe {
  url: string;
  requests: { method: string; path: string; params: Record<string, string>; idempotencyKey: string | null }[];
  subscriptions: Map<string, Stripe.Subscription>;
  /** A BillingConfig whose client talks to this fake. */
  config(prices?: BillingConfig["prices"], webhookSecret?: string): BillingConfig;
  close(): Promise<void>;
}

export interface FakeStripeOptions {
  port?: number;
  /** Where to deliver webhooks, and the secret to sign them with. Without it, no webhook is sent. */
  webhook?: { url: string; secret: string };
}

export const FAKE_PRICES = { growth: "price_growth_test", scale: "price_scale_test" } as const;
export const FAKE_WEBHOOK_SECRET = "whsec_test_fake_stripe_secret";
const DAY = 86_400_000;

function readForm(request: IncomingMessage): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => resolve(Object.fromEntries(new URLSearchParams(body))));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json", "request-id": `req_fake_${Date.now()}` });
  response.end(JSON.stringify(body));
}

function page(response: ServerResponse, title: string, body: string): void {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto"><h1>${title}</h1>${body}</body></html>`);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { location });
  response.end();
}

const notFound = (response: ServerResponse, what: string) => send(response, 404, { error: { type: "invalid_request_error", message: `No such ${what}` } });
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface CheckoutSession {
  id: string;
  customer: string;
  price: string;
  successUrl: string;
  orgId: string | null;
}

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const requests: FakeStripe["requests"] = [];
  const subscriptions = new Map<string, Stripe.Subscription>();
  const sessions = new Map<string, CheckoutSession>();
  const portals = new Map<string, { customer: string; returnUrl: string }>();
  const signer = new Stripe("sk_test_signing_only");
  let n = 0;
  let url = "";

  /** Delivers events in order, as Stripe would after the change; failures are logged, not thrown (Stripe would retry). */
  async function deliver(events: Stripe.Event[]): Promise<void> {
    if (!options.webhook) return;
    for (const event of events) {
      const payload = JSON.stringify(event);
      const header = signer.webhooks.generateTestHeaderString({ payload, secret: options.webhook.secret });
      const answer = await fetch(options.webhook.url, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": header }, body: payload }).catch((e: Error) => e);
      if (answer instanceof Error || !answer.ok) console.error(`[fake-stripe] ${event.type} delivery failed:`, answer instanceof Error ? answer.message : answer.status);
    }
  }
  const later = (events: Stripe.Event[]) => setTimeout(() => void deliver(events), 300);

  const server = createServer(async (request, response) => {
    const { pathname: path, searchParams: query } = new URL(request.url ?? "/", "http://fake");
    const params = request.method === "POST" ? await readForm(request) : {};
    const idempotencyKey = request.headers["idempotency-key"];
    requests.push({ method: request.method ?? "GET", path, params, idempotencyKey: typeof idempotencyKey === "string" ? idempotencyKey : null });
    n += 1;
    if (path === "/health") return send(response, 200, { ok: true });
    if (request.method === "POST" && path === "/v1/customers") {
      return send(response, 200, { id: `cus_fake_${n}`, object: "customer", email: params.email ?? null, name: params.name ?? null, metadata: pick(params, "metadata") });
    }
    if (request.method === "POST" && path === "/v1/checkout/sessions") {
      const session = { id: `cs_fake_${n}`, customer: params.customer!, price: params["line_items[0][price]"]!, successUrl: params.success_url!, orgId: params.client_reference_id ?? null };
      sessions.set(session.id, session);
      return send(response, 200, { id: session.id, object: "checkout.session", mode: params.mode, customer: params.customer, url: `${url}/checkout/${session.id}` });
    }
    if (request.method === "POST" && path === "/v1/billing_portal/sessions") {
      const id = `bps_fake_${n}`;
      portals.set(id, { customer: params.customer!, returnUrl: params.return_url! });
      return send(response, 200, { id, object: "billing_portal.session", customer: params.customer, url: `${url}/portal/${id}` });
    }
    const checkout = /^\/checkout\/([\w-]+)(\/pay)?$/.exec(path);
    if (checkout) {
      const session = sessions.get(checkout[1]!);
      if (!session) return notFound(response, "checkout session");
      if (!checkout[2]) return page(response, "Fake Stripe Checkout", `<p>Price ${escape(session.price)}</p><form method="post" action="/checkout/${session.id}/pay"><button>Pay</button></form>`);
      const now = new Date();
      const subscription = subscriptionObject({ id: `sub_fake_${n}`, customer: session.customer, price: session.price, periodStart: now, periodEnd: new Date(now.getTime() + 30 * DAY), orgId: session.orgId ?? undefined });
      subscriptions.set(subscription.id, subscription);
      const completed = { id: session.id, object: "checkout.session", mode: "subscription", customer: session.customer, subscription: subscription.id, client_reference_id: session.orgId };
      const invoice = invoiceObject({ id: `in_fake_${n}`, customer: session.customer, subscription: subscription.id, amountDue: session.price.includes("scale") ? 19900 : 4900, paid: true, created: now });
      later([stripeEvent("customer.subscription.created", subscription, now), stripeEvent("checkout.session.completed", completed, now), stripeEvent("invoice.paid", invoice, now)]);
      return redirect(response, session.successUrl);
    }
    const portal = /^\/portal\/([\w-]+)(\/cancel)?$/.exec(path);
    if (portal) {
      const session = portals.get(portal[1]!);
      if (!session) return notFound(response, "portal session");
      const current = [...subscriptions.values()].find((s) => s.customer === session.customer && s.status !== "canceled");
      if (!portal[2]) {
        return page(response, "Fake billing portal", `${current ? `<form method="post" action="/portal/${portal[1]}/cancel"><button>Cancel plan</button></form>` : "<p>No subscription</p>"}<p><a href="${escape(session.returnUrl)}">Return</a></p>`);
      }
      if (current) {
        const next = { ...current, cancel_at_period_end: true };
        subscriptions.set(current.id, next);
        later([stripeEvent("customer.subscription.updated", next, new Date())]);
      }
      return redirect(response, session.returnUrl);
    }
    if (request.method === "GET" && path === "/v1/subscriptions") {
      const data = [...subscriptions.values()].filter((s) => s.customer === query.get("customer"));
      return send(response, 200, { object: "list", data, has_more: false, url: "/v1/subscriptions" });
    }
    const subscription = /^\/v1\/subscriptions\/([\w-]+)$/.exec(path);
    if (subscription) {
      const current = subscriptions.get(subscription[1]!);
      if (!current) return notFound(response, "subscription");
      if (request.method === "DELETE") {
        const ended: Stripe.Subscription = { ...current, status: "canceled", canceled_at: Math.floor(Date.now() / 1000) };
        subscriptions.set(current.id, ended);
        later([stripeEvent("customer.subscription.deleted", ended, new Date())]);
        return send(response, 200, ended);
      }
      if (request.method === "POST") {
        const item = current.items.data[0]!;
        const price = params["items[0][price]"];
        const next: Stripe.Subscription = {
          ...current,
          cancel_at_period_end: params.cancel_at_period_end === undefined ? current.cancel_at_period_end : params.cancel_at_period_end === "true",
          items: { ...current.items, data: [{ ...item, price: price ? { ...item.price, id: price } : item.price }] },
        };
        subscriptions.set(current.id, next);
        later([stripeEvent("customer.subscription.updated", next, new Date())]);
        return send(response, 200, next);
      }
      return send(response, 200, current);
    }
    return notFound(response, `route ${request.method} ${path} in the fake`);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    subscriptions,
    config: (prices = { growth: [FAKE_PRICES.growth], scale: [FAKE_PRICES.scale] }, webhookSecret = FAKE_WEBHOOK_SECRET) => ({ stripe: createStripeClient("sk_test_fake", url), prices, webhookSecret }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `metadata[orgId]=…` form fields back into an object. */
function pick(params: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params)
      .filter(([k]) => k.startsWith(`${prefix}[`))
      .map(([k, v]) => [k.slice(prefix.length + 1, -1), v]),
  );
}
