import { startFakeStripe } from "@/server/testing/fake-stripe";

// The billing e2e server's Stripe (playwright.config.ts): the app's API calls go here, and its
// Checkout and portal pages deliver signed webhooks to the app as Stripe would.
const port = Number(process.env.FAKE_STRIPE_PORT);
const url = process.env.FAKE_STRIPE_WEBHOOK_URL!;
const secret = process.env.FAKE_STRIPE_WEBHOOK_SECRET!;
const fake = await startFakeStripe({ port, webhook: { url, secret } });
console.info(`[fake-stripe] listening on ${fake.url}, delivering webhooks to ${url}`);
