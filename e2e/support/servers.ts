// The e2e suite's servers (playwright.config.ts starts them): specs import the addresses from here.
export const PORT = Number(process.env.E2E_PORT ?? 3200);
export const baseURL = `http://localhost:${PORT}`;
// Billing specs run against a second server of the same build with billing on (its limits would
// get in the other specs' way), talking to a fake Stripe that delivers signed webhooks to it.
export const BILLING_PORT = PORT + 1;
export const FAKE_STRIPE_PORT = PORT + 2;
export const billingURL = `http://localhost:${BILLING_PORT}`;
