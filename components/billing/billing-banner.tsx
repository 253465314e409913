import Link from "next/link";
import { PLANS, type PlanKey, type QuotaLevel } from "@/lib/billing/plans";
import { formatDate } from "@/lib/format";

/** What the banner reads of the billing standing (server/billing/overview.ts). */
interface BannerState {
  enabled: boolean;
  plan: PlanKey;
  status: string | null;
  paymentFailure: { at: Date; message: string } | null;
  usage: { events: number; quota: number | null; level: QuotaLevel; periodEnd: Date };
}

/**
 * What every member sees above each page when billing needs attention: a failed payment (the
 * organisation keeps reading; owners fix it in the portal), or the event quota at 80 %, 100 % or past
 * its grace margin (ingest refuses events until the period ends or the plan grows).
 */
export function BillingBanner({ state, billingHref, canManage }: { state: BannerState; billingHref: string; canManage: boolean }) {
  if (!state.enabled) return null;
  const action = canManage ? (
    <Link href={billingHref} className="font-semibold underline underline-offset-2">
      Open billing
    </Link>
  ) : (
    <span>An owner of the organisation can change this in Billing.</span>
  );
  if (state.status === "past_due") {
    return (
      <Banner tone="danger" title="Payment failed">
        {state.paymentFailure?.message ?? "Stripe could not collect the last payment."} The plan and the dashboards keep working while Stripe retries. {action}
      </Banner>
    );
  }
  if (state.status === "unpaid") {
    return (
      <Banner tone="danger" title="Subscription unpaid">
        Stripe stopped retrying the payment, so the Free plan&apos;s limits apply until the open invoice is paid in the billing portal. Dashboards keep working. {action}
      </Banner>
    );
  }
  const { usage } = state;
  if (usage.quota === null || usage.level === "ok") return null;
  const plan = PLANS[state.plan].name;
  const used = `${usage.events.toLocaleString("en-US")} of ${usage.quota.toLocaleString("en-US")} events`;
  const ends = formatDate(usage.periodEnd);
  if (usage.level === "blocked") {
    return (
      <Banner tone="danger" title="Events are being refused">
        The {plan} plan&apos;s quota and its grace margin are used up ({used}). Ingest answers 429 until the period ends on {ends}. {action}
      </Banner>
    );
  }
  return (
    <Banner tone="warning" title={usage.level === "reached" ? "Event quota used up" : "Event quota at 80%"}>
      {used} of the {plan} plan are used in this period (ends {ends}).{" "}
      {usage.level === "reached" ? "Events are accepted for a 10% grace margin, then refused." : "Past 100% and a 10% grace margin, events are refused."} {action}
    </Banner>
  );
}

function Banner({ tone, title, children }: { tone: "warning" | "danger"; title: string; children: React.ReactNode }) {
  const styles = tone === "danger" ? "border-danger-600/25 bg-danger-50 text-danger-600" : "border-warning-700/25 bg-warning-50 text-warning-700";
  return (
    <div role="status" className={`mb-6 rounded-lg border px-4 py-3 text-sm ${styles}`}>
      <strong className="mr-1 font-semibold">{title}.</strong>
      {children}
    </div>
  );
}
