import "server-only";
import { getDb } from "@/db";
import { fromMinorUnits } from "@/lib/money";
import { customerIdField } from "@/lib/validation/events";
import { DomainError } from "@/server/errors";
import { keyActor, requireApiKey } from "@/server/http/api-key-auth";
import { apiError } from "@/server/http/responses";
import type { AuthenticatedKey } from "@/server/services/api-keys";
import { eraseCustomer, exportCustomer } from "@/server/services/customer-privacy";
import { getCustomerProfile } from "@/server/services/customers";

export interface CustomerRouteContext {
  params: Promise<{ customerId: string }>;
}

type Resolved = { ok: true; key: AuthenticatedKey; customerId: string } | { ok: false; response: Response };

/** Secret key (read bucket) and a well-formed customer id from the path. */
async function resolve(request: Request, context: CustomerRouteContext): Promise<Resolved> {
  const auth = await requireApiKey(request, "secret", "read");
  if (!auth.ok) return auth;
  const parsed = customerIdField.safeParse((await context.params).customerId);
  if (!parsed.success) return { ok: false, response: apiError(400, "invalid_customer_id", "a customer id has 1-128 characters") };
  return { ok: true, key: auth.key, customerId: parsed.data };
}

/** A service's NOT_FOUND becomes the documented 404; anything else is the handler's 500. */
async function orNotFound(customerId: string, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") {
      return apiError(404, "customer_not_found", `no customer with id "${customerId}" in this organisation`);
    }
    throw error;
  }
}

/**
 * GET /api/v1/customers/{customerId}. api.md lists "computed scores" too: none is computed per
 * customer yet, and a field appears only once it is, rather than as a null that looks like a result.
 */
export async function handleCustomerGet(request: Request, context: CustomerRouteContext): Promise<Response> {
  const resolved = await resolve(request, context);
  if (!resolved.ok) return resolved.response;
  const { key, customerId } = resolved;
  return orNotFound(customerId, async () => {
    const profile = await getCustomerProfile(await getDb(), key.org, customerId);
    const { revenue } = profile;
    return Response.json({
      customerId: profile.customerId,
      traits: profile.traits,
      firstSeenAt: profile.firstSeenAt.toISOString(),
      lastSeenAt: profile.lastSeenAt.toISOString(),
      anonymousIds: profile.anonymousIds.map((l) => l.anonymousId),
      orderCount: profile.orderCount,
      canceledOrderCount: profile.canceledOrderCount,
      revenue: {
        currency: revenue.currency,
        net: fromMinorUnits(revenue.netMinor, revenue.currency),
        orders: revenue.orders,
        // Not converted: exchange rates are not configured yet.
        otherCurrencies: revenue.otherCurrencies.map((r) => ({ currency: r.currency, net: fromMinorUnits(r.netMinor, r.currency), orders: r.orders })),
      },
    });
  });
}

/** GET /api/v1/customers/{customerId}/export: everything stored about the customer. */
export async function handleCustomerExport(request: Request, context: CustomerRouteContext): Promise<Response> {
  const resolved = await resolve(request, context);
  if (!resolved.ok) return resolved.response;
  const { key, customerId } = resolved;
  return orNotFound(customerId, async () => Response.json(await exportCustomer(await getDb(), key.org.id, customerId)));
}

/** DELETE /api/v1/customers/{customerId}: erases it all; 200 {"erased": {"events", "orders", "responses"}}. */
export async function handleCustomerDelete(request: Request, context: CustomerRouteContext): Promise<Response> {
  const resolved = await resolve(request, context);
  if (!resolved.ok) return resolved.response;
  const { key, customerId } = resolved;
  const db = await getDb();
  return orNotFound(customerId, async () => Response.json({ erased: await eraseCustomer(db, await keyActor(db, key), key.org.id, customerId) }));
}
