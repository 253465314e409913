import "server-only";
import { getDb } from "@/db";
import { checkQuota, describeRefusal } from "@/server/billing/quota";
import type { PeriodUsage } from "@/server/billing/usage";
import { apiError } from "./responses";

export type QuotaGate = { ok: true; usage: PeriodUsage | null } | { ok: false; response: Response };

/**
 * 429 `quota_exceeded` naming the plan and its limit once the period's events pass the quota and its
 * grace margin. Otherwise the usage read, which the request hands to ingest (recordUsage) so that it
 * is not read twice.
 */
export async function quotaGate(orgId: string): Promise<QuotaGate> {
  const { refusal, usage } = await checkQuota(await getDb(), orgId);
  if (!refusal) return { ok: true, usage };
  return {
    ok: false,
    response: apiError(429, "quota_exceeded", describeRefusal(refusal), {
      headers: { "Retry-After": String(refusal.retryAfterSeconds) },
      details: { plan: refusal.plan, quota: refusal.quota, used: refusal.events, periodEnd: refusal.period.end.toISOString() },
    }),
  };
}
