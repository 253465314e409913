import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { count, eq } from "drizzle-orm";
import { auditLogs, billingAccounts, stripeWebhookEvents } from "@/db/schema";
import { useAsAppDatabase } from "@/db/testing/app-database";
import { addMember, insertOrganization, insertUser } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { restHandler } from "@/server/http/handler";
import { FAKE_PRICES, FAKE_WEBHOOK_SECRET, startFakeStripe, type FakeStripe } from "@/server/testing/fake-stripe";
import { invoiceObject, stripeEvent, subscriptionObject, webhookRequest } from "@/server/testing/stripe-objects";
import type { BillingConfig } from "./config";
import { changePlan, endSubscriptionBeforeDeletion, openPortal, setCancelAtPeriodEnd, startCheckout } from "./checkout";
import { billingOverview, listInvoices } from "./overview";
import { handleStripeWebhook, processStripeEvent } from "./webhook";

// Billing is on for this file: lib/env reads the environment when it is first imported.
vi.hoisted(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_fake";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_test_fake_stripe_secret";
});

let tdb: TestDatabase;
let fake: FakeStripe;
let config: BillingConfig;
beforeAll(async () => {
  tdb = await createTestDatabase();
  useAsAppDatabase(tdb);
  fake = await startFakeStripe();
  config = fake.config();
});
afterAll(async () => {
  await fake.close();
  await tdb.close();
});
beforeEach(async () => {
  await tdb.truncate();
  fake.requests.length = 0;
  fake.subscriptions.clear();
});

// What app/api/stripe/webhook/route.ts exports, with the fake's configuration.
const POST = restHandler((request: Request) => handleStripeWebhook(request, config));

async function deliver(event: ReturnType<typeof stripeEvent>, options: { signWith?: string } = {}) {
  const response = await POST(webhookRequest(event, FAKE_WEBHOOK_SECRET, options));
  return { status: response.status, body: (await response.json()) as { received?: boolean; duplicate?: boolean; outcome?: string; error?: { code: string; message: string } } };
}

const DAY = 24 * 3600 * 1000;
const periodStart = new Date(Date.now() - 3 * DAY);
const periodEnd = new Date(periodStart.getTime() + 30 * DAY);
const seconds = (base: Date, s: number) => new Date(base.getTime() + s * 1000);

async function ownerOrg() {
  const org = await insertOrganization(tdb.db);
  const owner = await insertUser(tdb.db);
  await addMember(tdb.db, org.id, owner.id, "owner");
  return { org, owner, actor: { userId: owner.id, label: owner.email, email: owner.email } };
}

/** An organisation that went through Checkout for Growth: the customer, the subscription at the fake, and the completed session delivered. */
async function subscribed(plan: "growth" | "scale" = "growth") {
  const setup = await ownerOrg();
  await startCheckout(tdb.db, config, setup.actor, setup.org, plan);
  const [account] = await tdb.db.select().from(billingAccounts).where(eq(billingAccounts.orgId, setup.org.id));
  const customer = account!.stripeCustomerId;
  const subscription = subscriptionObject({ id: `sub_${setup.org.id.slice(0, 8)}`, customer, price: FAKE_PRICES[plan], periodStart, periodEnd, orgId: setup.org.id });
  fake.subscriptions.set(subscription.id, subscription);
  const completedAt = seconds(periodStart, 5);
  const session = { id: "cs_1", object: "checkout.session", mode: "subscription", customer, subscription: subscription.id, client_reference_id: setup.org.id, metadata: {} };
  const delivered = await deliver(stripeEvent("checkout.session.completed", session, completedAt));
  expect(delivered.status).toBe(200);
  return { ...setup, customer, subscription, completedAt };
}

describe("subscribing through Checkout", () => {
  it("creates the organisation's Stripe customer, opens a Checkout session for the plan's price, and the completed session's webhook puts the plan in force", async () => {
    const { org, actor } = await ownerOrg();
    expect((await billingOverview(tdb.db, org.id)).plan).toBe("free");
    const { url } = await startCheckout(tdb.db, config, actor, org, "growth");
    expect(url).toMatch(new RegExp(`^${fake.url}/checkout/cs_fake_\\d+$`));
    const customerCall = fake.requests.find((r) => r.path === "/v1/customers")!;
    expect(customerCall.params["metadata[orgId]"]).toBe(org.id);
    const sessionCall = fake.requests.find((r) => r.path === "/v1/checkout/sessions")!;
    expect(sessionCall.params).toMatchObject({
      mode: "subscription",
      client_reference_id: org.id,
      "line_items[0][price]": FAKE_PRICES.growth,
      "subscription_data[metadata][orgId]": org.id,
    });
    expect(sessionCall.params.success_url).toContain(`/${org.slug}/settings/billing?checkout=success`);
    // Nothing changes before Stripe says so.
    expect((await billingOverview(tdb.db, org.id)).plan).toBe("free");

    const [account] = await tdb.db.select().from(billingAccounts).where(eq(billingAccounts.orgId, org.id));
    const subscription = subscriptionObject({ id: "sub_new", customer: account!.stripeCustomerId, price: FAKE_PRICES.growth, periodStart, periodEnd });
    fake.subscriptions.set("sub_new", subscription);
    const session = { id: "cs_1", object: "checkout.session", mode: "subscription", customer: account!.stripeCustomerId, subscription: "sub_new", client_reference_id: org.id };
    const completed = await deliver(stripeEvent("checkout.session.completed", session, seconds(periodStart, 5)));
    expect(completed).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    const overview = await billingOverview(tdb.db, org.id);
    expect(overview).toMatchObject({ enabled: true, plan: "growth", status: "active", cancelAtPeriodEnd: false });
    expect(overview.seats.limit).toBe(10);
    expect(overview.usage.quota).toBe(500_000);
    expect(overview.usage.periodStart.getTime()).toBe(Math.floor(periodStart.getTime() / 1000) * 1000);

    // Stripe's own subscription.created of the same second changes nothing further.
    const created = await deliver(stripeEvent("customer.subscription.created", subscription, seconds(periodStart, 5)));
    expect(created.body.outcome).toMatch(/^applied: Growth plan, Active/);
    expect((await billingOverview(tdb.db, org.id)).plan).toBe("growth");
  });

  it("asks Stripe before a second Checkout: a subscription whose webhook has not arrived yet (another tab) is not doubled", async () => {
    const { org, actor } = await ownerOrg();
    await startCheckout(tdb.db, config, actor, org, "growth");
    const [account] = await tdb.db.select().from(billingAccounts).where(eq(billingAccounts.orgId, org.id));
    fake.subscriptions.set("sub_other_tab", subscriptionObject({ id: "sub_other_tab", customer: account!.stripeCustomerId, price: FAKE_PRICES.growth, periodStart, periodEnd, status: "incomplete" }));
    await expect(startCheckout(tdb.db, config, actor, org, "scale")).rejects.toThrow(/already has a subscription at Stripe \(incomplete\)/);
    expect(fake.requests.filter((r) => r.path === "/v1/checkout/sessions")).toHaveLength(1);
    // One customer for the organisation, however often Checkout starts.
    expect(fake.requests.filter((r) => r.path === "/v1/customers")).toHaveLength(1);
  });

  it("refuses a second Checkout while a subscription is live, and opens the billing portal for the customer", async () => {
    const { org, actor, customer } = await subscribed();
    await expect(startCheckout(tdb.db, config, actor, org, "scale")).rejects.toThrow(/already has the Growth plan/);
    const { url } = await openPortal(tdb.db, config, org);
    expect(url).toMatch(new RegExp(`^${fake.url}/portal/bps_fake_`));
    expect(fake.requests.at(-1)).toMatchObject({ path: "/v1/billing_portal/sessions", params: { customer } });
  });
});

describe("changing plan", () => {
  it("upgrades Growth -> Scale: the request goes to Stripe prorated, the limits change only when the webhook confirms it", async () => {
    const { org, actor, subscription } = await subscribed("growth");
    await changePlan(tdb.db, config, actor, org, "scale");
    const update = fake.requests.find((r) => r.method === "POST" && r.path === `/v1/subscriptions/${subscription.id}`)!;
    expect(update.params).toMatchObject({ "items[0][id]": `si_${subscription.id}`, "items[0][price]": FAKE_PRICES.scale, proration_behavior: "create_prorations" });
    let overview = await billingOverview(tdb.db, org.id);
    expect(overview).toMatchObject({ plan: "growth", requestedPlan: "scale" });

    await deliver(stripeEvent("customer.subscription.updated", fake.subscriptions.get(subscription.id), seconds(periodStart, 60)));
    overview = await billingOverview(tdb.db, org.id);
    expect(overview).toMatchObject({ plan: "scale", requestedPlan: null });
    expect(overview.widgets.limit).toBe(100);
  });

  it("changes back and forth within a day each reach Stripe as requests of their own (no replayed answer)", async () => {
    const { org, actor, subscription } = await subscribed("growth");
    for (const [plan, at] of [["scale", 60], ["growth", 120], ["scale", 180]] as const) {
      await changePlan(tdb.db, config, actor, org, plan);
      await deliver(stripeEvent("customer.subscription.updated", fake.subscriptions.get(subscription.id), seconds(periodStart, at)));
      expect(await billingOverview(tdb.db, org.id)).toMatchObject({ plan, requestedPlan: null });
    }
    const keys = fake.requests.filter((r) => r.method === "POST" && r.path === `/v1/subscriptions/${subscription.id}`).map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(3);
  });

  it("downgrades Scale -> Growth the same way, and refuses a change to the plan already held", async () => {
    const { org, actor, subscription } = await subscribed("scale");
    await expect(changePlan(tdb.db, config, actor, org, "scale")).rejects.toThrow(/already on the Scale plan/);
    await changePlan(tdb.db, config, actor, org, "growth");
    await deliver(stripeEvent("customer.subscription.updated", fake.subscriptions.get(subscription.id), seconds(periodStart, 60)));
    expect(await billingOverview(tdb.db, org.id)).toMatchObject({ plan: "growth", requestedPlan: null });
  });
});

describe("canceling", () => {
  it("cancels at period end: the plan holds until Stripe deletes the subscription, then Free applies", async () => {
    const { org, actor, subscription, customer } = await subscribed("growth");
    await setCancelAtPeriodEnd(tdb.db, config, actor, org, true);
    expect(fake.requests.at(-1)).toMatchObject({ path: `/v1/subscriptions/${subscription.id}`, params: { cancel_at_period_end: "true" } });
    await deliver(stripeEvent("customer.subscription.updated", fake.subscriptions.get(subscription.id), seconds(periodStart, 60)));
    expect(await billingOverview(tdb.db, org.id)).toMatchObject({ plan: "growth", status: "active", cancelAtPeriodEnd: true });

    // A payment that failed before the end is no longer the merchant's problem once it has ended.
    await deliver(stripeEvent("invoice.payment_failed", invoiceObject({ id: "in_last", customer, subscription: subscription.id, amountDue: 4900, paid: false, created: seconds(periodStart, 90) }), seconds(periodStart, 90)));
    const ended = subscriptionObject({ id: subscription.id, customer, price: FAKE_PRICES.growth, periodStart, periodEnd, status: "canceled", cancelAtPeriodEnd: true });
    await deliver(stripeEvent("customer.subscription.deleted", ended, periodEnd));
    const overview = await billingOverview(tdb.db, org.id);
    expect(overview).toMatchObject({ plan: "free", status: "canceled", paymentFailure: null });
    expect(overview.seats.limit).toBe(2);
    // The change is in the audit log, by Stripe.
    const entries = await tdb.db.select().from(auditLogs).where(eq(auditLogs.orgId, org.id));
    expect(entries.filter((e) => e.action === "billing.subscription_changed").map((e) => e.actorLabel)).toContain("Stripe");
  });
});

describe("deleting an organisation", () => {
  it("ends its live subscription at Stripe first, and refuses when billing is off and Stripe cannot be told", async () => {
    const { org, subscription } = await subscribed("growth");
    await expect(endSubscriptionBeforeDeletion(tdb.db, null, org)).rejects.toThrow(/still has a Stripe subscription and billing is off/);
    await endSubscriptionBeforeDeletion(tdb.db, config, org);
    expect(fake.requests.at(-1)).toMatchObject({ method: "DELETE", path: `/v1/subscriptions/${subscription.id}` });
    expect(fake.subscriptions.get(subscription.id)?.status).toBe("canceled");
    // An organisation on Free has nothing to end.
    const free = await ownerOrg();
    const before = fake.requests.length;
    await endSubscriptionBeforeDeletion(tdb.db, null, free.org);
    expect(fake.requests.length).toBe(before);
  });
});

describe("payments", () => {
  it("a failed payment makes the subscription past due with a message (the plan and read access hold); a paid retry makes it active again", async () => {
    const { org, customer, subscription } = await subscribed("growth");
    const invoice = { id: "in_1", customer, subscription: subscription.id, amountDue: 4900, created: seconds(periodStart, 100) };
    const failed = await deliver(stripeEvent("invoice.payment_failed", invoiceObject({ ...invoice, paid: false }), seconds(periodStart, 100)));
    expect(failed.body.outcome).toBe("payment failed: past_due");
    let overview = await billingOverview(tdb.db, org.id);
    expect(overview).toMatchObject({ plan: "growth", status: "past_due" });
    expect(overview.paymentFailure?.message).toMatch(/could not collect 49\.00 EUR for invoice AC-IN_1/);

    // Stripe's own subscription.updated (past due), created before the retry succeeded, arrives after it.
    const pastDue = subscriptionObject({ id: subscription.id, customer, price: FAKE_PRICES.growth, periodStart, periodEnd, status: "past_due" });
    await deliver(stripeEvent("invoice.paid", invoiceObject({ ...invoice, paid: true }), seconds(periodStart, 300)));
    await deliver(stripeEvent("customer.subscription.updated", pastDue, seconds(periodStart, 101)));
    overview = await billingOverview(tdb.db, org.id);
    expect(overview).toMatchObject({ plan: "growth", status: "active", paymentFailure: null });
    const invoices = await listInvoices(tdb.db, org.id);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ id: "in_1", status: "paid", amountPaidMinor: 4900, hostedInvoiceUrl: "https://invoice.stripe.test/i/in_1" });
  });
});

describe("delivery", () => {
  it("a replayed event is acknowledged and changes nothing the second time", async () => {
    const { org, customer, subscription } = await subscribed("growth");
    const event = stripeEvent("invoice.payment_failed", invoiceObject({ id: "in_2", customer, subscription: subscription.id, amountDue: 4900, paid: false, created: seconds(periodStart, 50) }), seconds(periodStart, 50));
    const first = await deliver(event);
    const auditCount = async () => (await tdb.db.select({ n: count() }).from(auditLogs).where(eq(auditLogs.orgId, org.id)))[0]!.n;
    const before = await auditCount();
    const second = await deliver(event);
    expect(first.body.duplicate).toBe(false);
    expect(second).toMatchObject({ status: 200, body: { received: true, duplicate: true, outcome: "payment failed: past_due" } });
    expect(await auditCount()).toBe(before);
    expect(await tdb.db.select().from(stripeWebhookEvents).where(eq(stripeWebhookEvents.id, event.id))).toHaveLength(1);
  });

  it("a forged, tampered or unsigned delivery is refused with 400 and stores nothing", async () => {
    const { org, customer, subscription } = await subscribed("growth");
    const cancel = subscriptionObject({ id: subscription.id, customer, price: FAKE_PRICES.growth, periodStart, periodEnd, status: "canceled" });
    const event = stripeEvent("customer.subscription.deleted", cancel, seconds(periodStart, 500));
    const forged = await deliver(event, { signWith: "whsec_someone_else" });
    expect(forged).toMatchObject({ status: 400, body: { error: { code: "invalid_signature" } } });

    const signed = webhookRequest(event, FAKE_WEBHOOK_SECRET);
    const tampered = await POST(
      new Request(signed.url, { method: "POST", headers: signed.headers, body: JSON.stringify({ ...event, type: "customer.subscription.updated" }) }),
    );
    expect(tampered.status).toBe(400);
    const unsigned = await POST(new Request(signed.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event) }));
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as { error: { message: string } }).error.message).toMatch(/Stripe-Signature header is missing/);

    expect(await tdb.db.select().from(stripeWebhookEvents).where(eq(stripeWebhookEvents.id, event.id))).toHaveLength(0);
    expect((await billingOverview(tdb.db, org.id)).plan).toBe("growth");
  });

  it("events out of order: an older snapshot delivered after a newer one is ignored, by the event's time and the subscription's own", async () => {
    const { org, customer, subscription } = await subscribed("growth");
    const upgraded = subscriptionObject({ id: subscription.id, customer, price: FAKE_PRICES.scale, periodStart, periodEnd });
    const original = subscriptionObject({ id: subscription.id, customer, price: FAKE_PRICES.growth, periodStart, periodEnd });
    await deliver(stripeEvent("customer.subscription.updated", upgraded, seconds(periodStart, 600)));
    const late = await deliver(stripeEvent("customer.subscription.updated", original, seconds(periodStart, 30)));
    expect(late.body.outcome).toBe("ignored: older than the state held");
    expect((await billingOverview(tdb.db, org.id)).plan).toBe("scale");

    // Within one second: a canceled subscription does not come back, a period does not move back.
    const canceled = subscriptionObject({ id: subscription.id, customer, price: FAKE_PRICES.scale, periodStart, periodEnd, status: "canceled" });
    await deliver(stripeEvent("customer.subscription.deleted", canceled, seconds(periodStart, 900)));
    const sameSecond = await deliver(stripeEvent("customer.subscription.updated", upgraded, seconds(periodStart, 900)));
    expect(sameSecond.body.outcome).toBe("ignored: active comes before canceled, held from the same second");
    expect((await billingOverview(tdb.db, org.id)).plan).toBe("free");
  });

  it("the end of an old subscription does not end the new one that replaced it", async () => {
    const { org, customer, subscription } = await subscribed("growth");
    const replacement = subscriptionObject({ id: "sub_replacement", customer, price: FAKE_PRICES.scale, periodStart: seconds(periodStart, 1000), periodEnd, created: seconds(periodStart, 1000) });
    await deliver(stripeEvent("customer.subscription.created", replacement, seconds(periodStart, 1000)));
    expect(await billingOverview(tdb.db, org.id)).toMatchObject({ plan: "scale" });
    const oldEnded = subscriptionObject({ id: subscription.id, customer, price: FAKE_PRICES.growth, periodStart, periodEnd, status: "canceled" });
    const ended = await deliver(stripeEvent("customer.subscription.deleted", oldEnded, seconds(periodStart, 1200)));
    expect(ended.body.outcome).toMatch(/is older than the organisation.s current one \(sub_replacement\)/);
    expect(await billingOverview(tdb.db, org.id)).toMatchObject({ plan: "scale", status: "active" });
  });

  it("an event for a customer Aftercart did not create is ignored, even when it names an organisation; so is a type Aftercart does not use", async () => {
    const { org } = await ownerOrg();
    const stray = subscriptionObject({ id: "sub_stray", customer: "cus_unknown", price: FAKE_PRICES.growth, periodStart, periodEnd, orgId: org.id });
    const first = await deliver(stripeEvent("customer.subscription.updated", stray, periodStart));
    expect(first).toMatchObject({ status: 200, body: { outcome: "ignored: customer cus_unknown belongs to no organisation" } });
    const session = { id: "cs_x", object: "checkout.session", mode: "subscription", customer: "cus_unknown", subscription: "sub_stray", client_reference_id: org.id };
    fake.subscriptions.set("sub_stray", stray);
    await deliver(stripeEvent("checkout.session.completed", session, periodStart));
    expect(await tdb.db.select().from(billingAccounts).where(eq(billingAccounts.orgId, org.id))).toHaveLength(0);
    expect((await billingOverview(tdb.db, org.id)).plan).toBe("free");
    const other = await deliver(stripeEvent("charge.succeeded", { id: "ch_1", object: "charge" }, periodStart));
    expect(other.body.outcome).toBe("ignored: charge.succeeded is not an event Aftercart uses");
  });

  it("a subscription on an earlier price keeps its plan (listed after the current one), and one on a price this server no longer knows still ends", async () => {
    const { org, customer, subscription } = await subscribed("growth");
    const repriced = { ...config, prices: { growth: ["price_growth_2027", FAKE_PRICES.growth], scale: [FAKE_PRICES.scale] } };
    const renewal = subscriptionObject({ id: subscription.id, customer, price: FAKE_PRICES.growth, periodStart: periodEnd, periodEnd: new Date(periodEnd.getTime() + 30 * DAY), anchor: periodStart });
    const renewed = await processStripeEvent(tdb.db, repriced, stripeEvent("customer.subscription.updated", renewal, seconds(periodEnd, 1)));
    expect(renewed.outcome).toBe("applied: Growth plan, Active");

    const forgotten = { ...config, prices: { growth: ["price_growth_2027"], scale: [FAKE_PRICES.scale] } };
    const ended = subscriptionObject({ id: subscription.id, customer, price: FAKE_PRICES.growth, periodStart, periodEnd, status: "canceled" });
    const outcome = await processStripeEvent(tdb.db, forgotten, stripeEvent("customer.subscription.deleted", ended, seconds(periodEnd, 100)));
    expect(outcome.outcome).toMatch(/^applied: Free plan, Canceled \(price price_growth_test is not one of this server's plans\)$/);
    expect(await billingOverview(tdb.db, org.id)).toMatchObject({ plan: "free", status: "canceled" });
  });

  it("answers 404 when billing is not configured on the server", async () => {
    const response = await restHandler((request: Request) => handleStripeWebhook(request, null))(webhookRequest(stripeEvent("invoice.paid", {}, periodStart), FAKE_WEBHOOK_SECRET));
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("billing_disabled");
  });
});
