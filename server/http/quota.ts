import "server-only";
import { getDb } from "@/db";
import { describeRefusal, quotaRefusal } from "@/server/billing/usage";
import { apiError } from "./responses";

/** 429 `quota_exceeded` naming the plan and its limit once the period's events pass the quota and its grace margin; null otherwise. */
export async function refuseOverQuota(orgId: string): Promise<Response | null> {
  const refusal = await quotaRefusal(await getDb(), orgId);
  if (!refusal) return null;
  return apiError(429, "quota_exceeded", describeRefusal(refusal), {
    headers: { "Retry-After": String(refusal.retryAfterSeconds) },
    details: { plan: refusal.plan, quota: refusal.quota, used: refusal.events, periodEnd: refusal.period.end.toISOString() },
  });
}
