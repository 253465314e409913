import { randomUUID } from "node:crypto";
import type { APIRequestContext, BrowserContext, Page } from "@playwright/test";

export const PASSWORD = "quiet meadow lantern 42";

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

/** Calls a tRPC procedure over HTTP the way the app's client does (superjson envelope). */
export async function trpcCall(request: APIRequestContext, path: string, input: unknown, kind: "query" | "mutation" = "mutation") {
  const response =
    kind === "mutation"
      ? await request.post(`/api/trpc/${path}`, { data: { json: input } })
      : await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const body = (await response.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; data: { code: string } } } };
  return { status: response.status(), data: body.result?.data.json, error: body.error?.json };
}

/** Creates an account through the API and signs the context in through Auth.js, without the UI. */
export async function signUpAndSignIn(context: BrowserContext, email = uniqueEmail(), name = "Test User") {
  const request = context.request;
  const created = await trpcCall(request, "account.signUp", { name, email, password: PASSWORD });
  if (created.status !== 200) throw new Error(`sign-up failed: ${JSON.stringify(created.error)}`);
  await signInThroughApi(request, email);
  return { email };
}

export async function signInThroughApi(request: APIRequestContext, email: string, password = PASSWORD) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, redirect: "false" },
    maxRedirects: 0,
  });
  if (response.status() >= 400) throw new Error(`sign-in failed with ${response.status()}`);
}

export async function createOrganization(request: APIRequestContext, name = "E2E Shop") {
  const slug = `e2e-${randomUUID().slice(0, 8)}`;
  const result = await trpcCall(request, "organization.create", { name, slug, currency: "EUR", timeZone: "Europe/Berlin", industry: "ecommerce" });
  if (result.status !== 200) throw new Error(`create org failed: ${JSON.stringify(result.error)}`);
  return slug;
}

export async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/.artifacts/screens/${name}.png`, fullPage: true });
}
