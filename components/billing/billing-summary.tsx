"use client";

import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { FormError } from "@/components/ui/field";
import { PLANS, SUBSCRIPTION_STATUS_LABELS } from "@/lib/billing/plans";
import { formatDate } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import { PlanChoices } from "./plan-choices";
import { UsageMeter } from "./usage-meter";

const STATUS_TONES: Record<string, "brand" | "warning" | "danger" | "neutral"> = {
  active: "brand",
  trialing: "brand",
  past_due: "danger",
  unpaid: "danger",
  canceled: "neutral",
};

/**
 * The plan, its state, usage against the limits, and the plans to choose from. While a change is
 * waiting for Stripe's webhook (after Checkout, or a switch), it asks again every few seconds, so the
 * page turns by itself when Stripe confirms.
 */
export function BillingSummary({ orgSlug, canManage, checkoutReturned }: { orgSlug: string; canManage: boolean; checkoutReturned: boolean }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(
    trpc.billing.overview.queryOptions(
      { orgSlug },
      { refetchInterval: (query) => (query.state.data?.requestedPlan || (checkoutReturned && query.state.data?.plan === "free") ? 3000 : false) },
    ),
  );
  const portal = useMutation(trpc.billing.portal.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url) }));
  const plan = PLANS[data.plan];
  const hasSubscription = data.plan !== "free";
  const waitingForCheckout = checkoutReturned && data.plan === "free";
  return (
    <div className="space-y-6">
      {!data.enabled && (
        <Card>
          <CardHeader title="Billing is off on this server" description="This is a self-hosted Aftercart without a Stripe key: every limit is unlimited and there is nothing to buy." />
          <CardBody>
            <UsageMeter label="Events stored this month" used={data.usage.events} limit={null} note={`Counted from ${formatDate(data.usage.periodStart)}, as a hosted plan would count them.`} />
          </CardBody>
        </Card>
      )}
      {data.enabled && (
        <Card>
          <CardHeader
            title={
              <span className="flex flex-wrap items-center gap-2">
                {plan.name} plan
                {data.status && <Badge tone={STATUS_TONES[data.status] ?? "warning"}>{SUBSCRIPTION_STATUS_LABELS[data.status] ?? data.status}</Badge>}
                {data.cancelAtPeriodEnd && data.status !== "canceled" && <Badge tone="warning">Ends {data.currentPeriodEnd ? formatDate(data.currentPeriodEnd) : "at period end"}</Badge>}
              </span>
            }
            description={describeState(data)}
            action={
              canManage && data.hasCustomer ? (
                <Button variant="secondary" size="sm" pending={portal.isPending} onClick={() => portal.mutate({ orgSlug })}>
                  Payment methods and invoices
                </Button>
              ) : null
            }
          />
          <CardBody className="space-y-4">
            <FormError message={portal.error ? describeClientError(portal.error).message : null} />
            {waitingForCheckout && (
              <p role="status" className="rounded-lg border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700">
                Thank you. Your subscription starts as soon as Stripe confirms the payment, usually within seconds; this page updates by itself.
              </p>
            )}
            {data.paymentFailure && (
              <p role="alert" className="rounded-lg border border-danger-600/25 bg-danger-50 px-3 py-2 text-sm text-danger-600">
                {formatDate(data.paymentFailure.at)}: {data.paymentFailure.message}
              </p>
            )}
            <UsageMeter
              label="Events this period"
              used={data.usage.events}
              limit={data.usage.quota}
              note={`${formatDate(data.usage.periodStart)} to ${formatDate(data.usage.periodEnd)}. Past 100% a 10% grace margin still goes in; then ingest answers 429 until the period ends.`}
            />
            <UsageMeter label="Seats" used={data.seats.used} limit={data.seats.limit} note={`${plural(data.seats.members, "member")} and ${plural(data.seats.invitations, "open invitation")}.`} />
            <UsageMeter label="Widgets" used={data.widgets.used} limit={data.widgets.limit} />
          </CardBody>
        </Card>
      )}
      {data.enabled && (
        <Card>
          <CardHeader title="Plans" description={canManage ? "Subscribe through Stripe Checkout; switch or cancel here, or in Stripe's billing portal." : "Owners choose the plan."} />
          <CardBody>
            <PlanChoices
              orgSlug={orgSlug}
              current={data.plan}
              hasSubscription={hasSubscription}
              cancelAtPeriodEnd={data.cancelAtPeriodEnd}
              currentPeriodEnd={data.currentPeriodEnd}
              requestedPlan={data.requestedPlan}
              purchasable={data.purchasable}
              waitingForCheckout={waitingForCheckout}
              canManage={canManage}
            />
          </CardBody>
        </Card>
      )}
    </div>
  );
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

function describeState(data: { plan: string; status: string | null; cancelAtPeriodEnd: boolean; currentPeriodEnd: Date | null; trialEnd: Date | null }): string {
  const end = data.currentPeriodEnd ? formatDate(data.currentPeriodEnd) : null;
  if (data.status === "trialing" && data.trialEnd) return `Trial until ${formatDate(data.trialEnd)}.`;
  if (data.status === "past_due") return "The last payment failed; Stripe retries it. Dashboards keep working meanwhile.";
  if (data.status === "canceled") return "The subscription ended; Free's limits apply. Nothing was deleted.";
  if (data.status === "unpaid") return "Stripe stopped retrying the last payment: Free's limits apply until the open invoice is paid in the billing portal.";
  if (data.status === "incomplete") return "The first payment is not complete: finish it in the billing portal. Free's limits apply until then.";
  if (data.status === "paused") return "The subscription is paused at Stripe: Free's limits apply until it resumes.";
  if (data.plan === "free") return "Free forever, within its limits. Subscribe for more events, seats and widgets.";
  if (data.cancelAtPeriodEnd && end) return `Cancels on ${end}; Free's limits apply from then.`;
  return end ? `Renews on ${end}.` : "Active.";
}
