"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { PLAN_KEYS, PLANS, type PaidPlanKey, type PlanKey } from "@/lib/billing/plans";
import { formatDate } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

const n = (v: number) => v.toLocaleString("en-US");
const years = (days: number) => (days % 365 === 0 ? `${days / 365} year${days === 365 ? "" : "s"}` : `${days} days`);

export interface PlanChoicesProps {
  orgSlug: string;
  current: PlanKey;
  hasSubscription: boolean;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date | null;
  requestedPlan: PlanKey | null;
  purchasable: PaidPlanKey[];
  /** Back from Checkout, before Stripe's webhook: no second Subscribe meanwhile. */
  waitingForCheckout: boolean;
  canManage: boolean;
}

type Pending = { kind: "change"; plan: PaidPlanKey } | { kind: "cancel" } | null;

/** The three plans side by side; owners subscribe (Checkout), switch (prorated) or cancel at period end. */
export function PlanChoices(props: PlanChoicesProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<Pending>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.billing.overview.queryKey({ orgSlug: props.orgSlug }) });
  const checkout = useMutation(trpc.billing.checkout.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url) }));
  const change = useMutation(
    trpc.billing.changePlan.mutationOptions({
      onSuccess: ({ requested }) => {
        setConfirm(null);
        toast.success(`Stripe is moving you to ${PLANS[requested].name}. The new limits apply as soon as Stripe confirms it.`);
        void refresh();
      },
    }),
  );
  const cancel = useMutation(
    trpc.billing.setCancelAtPeriodEnd.mutationOptions({
      onSuccess: ({ cancelAtPeriodEnd }) => {
        setConfirm(null);
        toast.success(cancelAtPeriodEnd ? "The subscription ends with this period." : "The subscription continues.");
        void refresh();
      },
    }),
  );
  const error = checkout.error ?? change.error ?? cancel.error;
  const ends = props.currentPeriodEnd ? formatDate(props.currentPeriodEnd) : "the end of the period";

  function action(plan: PlanKey) {
    if (plan === props.current) return <Badge tone="brand">Current plan</Badge>;
    if (!props.canManage) return null;
    if (plan === "free") {
      if (!props.hasSubscription) return null;
      return props.cancelAtPeriodEnd ? (
        <Button variant="secondary" size="sm" pending={cancel.isPending} onClick={() => cancel.mutate({ orgSlug: props.orgSlug, cancel: false })}>
          Keep {PLANS[props.current].name}
        </Button>
      ) : (
        <Button variant="secondary" size="sm" onClick={() => setConfirm({ kind: "cancel" })}>
          Downgrade at period end
        </Button>
      );
    }
    if (!props.purchasable.includes(plan)) return <span className="text-xs text-muted">Not sold on this server</span>;
    if (props.requestedPlan === plan) return <Badge tone="warning">Waiting for Stripe</Badge>;
    if (props.waitingForCheckout) return <span className="text-xs text-muted">Waiting for Stripe&apos;s confirmation</span>;
    if (!props.hasSubscription) {
      return (
        <Button size="sm" pending={checkout.isPending && checkout.variables?.plan === plan} onClick={() => checkout.mutate({ orgSlug: props.orgSlug, plan })}>
          Subscribe
        </Button>
      );
    }
    const upgrade = PLAN_KEYS.indexOf(plan) > PLAN_KEYS.indexOf(props.current);
    return (
      <Button variant={upgrade ? "primary" : "secondary"} size="sm" onClick={() => setConfirm({ kind: "change", plan })}>
        {upgrade ? "Upgrade" : "Downgrade"} to {PLANS[plan].name}
      </Button>
    );
  }

  return (
    <>
      <FormError message={error ? describeClientError(error).message : null} />
      <ul className="grid gap-4 md:grid-cols-3">
        {PLAN_KEYS.map((key) => {
          const plan = PLANS[key];
          return (
            <li key={key} className={cn("flex flex-col rounded-xl border p-4", key === props.current ? "border-brand-600 ring-1 ring-brand-600" : "border-line")}>
              <h3 className="text-base font-semibold">{plan.name}</h3>
              <p className="mt-0.5 text-sm text-muted">{plan.summary}</p>
              <dl className="mt-3 grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 text-sm">
                <dt className="text-muted">Events per month</dt>
                <dd className="text-right tabular-nums">{n(plan.monthlyEvents)}</dd>
                <dt className="text-muted">Seats</dt>
                <dd className="text-right tabular-nums">{plan.seats}</dd>
                <dt className="text-muted">Widgets</dt>
                <dd className="text-right tabular-nums">{plan.widgets}</dd>
                <dt className="text-muted">History</dt>
                <dd className="text-right">{years(plan.historyDays)}</dd>
              </dl>
              <div className="mt-4 flex min-h-8 items-end">{action(key)}</div>
            </li>
          );
        })}
      </ul>
      <p className="mt-3 text-xs text-muted">Prices, taxes and payment are handled by Stripe and shown at checkout.</p>
      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm?.kind === "change" ? `Switch to ${PLANS[confirm.plan].name}?` : "Downgrade to Free at the end of the period?"}
        description={
          confirm?.kind === "change"
            ? "The change is immediate and prorated: Stripe invoices the difference of an upgrade and credits a downgrade."
            : `Your ${PLANS[props.current].name} plan stays until ${ends}; then Free's limits apply (${n(PLANS.free.monthlyEvents)} events a month, ${PLANS.free.seats} seats, ${PLANS.free.widgets} widget). Nothing is deleted.`
        }
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirm(null)}>
            Back
          </Button>
          {confirm?.kind === "change" ? (
            <Button pending={change.isPending} onClick={() => change.mutate({ orgSlug: props.orgSlug, plan: confirm.plan })}>
              Switch to {PLANS[confirm.plan].name}
            </Button>
          ) : (
            <Button variant="danger" pending={cancel.isPending} onClick={() => cancel.mutate({ orgSlug: props.orgSlug, cancel: true })}>
              Downgrade at period end
            </Button>
          )}
        </div>
      </Dialog>
    </>
  );
}
