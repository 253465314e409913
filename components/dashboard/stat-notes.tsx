"use client";

import Link from "next/link";
import { Card } from "@/components/ui/card";
import { useDashboard } from "./dashboard-context";
import { useFormat } from "./metric-charts";
import { usePanelMetrics } from "./panel-data";

/** "1 order", "3 orders": a count with its noun. */
function counted(format: ReturnType<typeof useFormat>, n: number, noun: string): string {
  return `${format(n, "count")} ${n === 1 ? noun : `${noun}s`}`;
}

/** What WISMO and WISMR contacts cost: contacts x the organisation's cost per support contact. */
export function ContactCosts() {
  const { metric } = usePanelMetrics();
  const { orgSlug } = useDashboard();
  const format = useFormat();
  const rows = ["wismo_rate", "wismr_rate"].map(metric);
  const costs = rows.map((m) => ({ name: m.name, contacts: Number(m.breakdown?.contacts ?? 0), cost: (m.breakdown?.cost as number | null | undefined) ?? null }));
  const unset = costs.every((c) => c.cost === null);
  return (
    <Card className="p-5">
      <h2 className="text-base font-semibold">What the contacts cost</h2>
      <dl className="mt-3 grid grid-cols-2 gap-4">
        {costs.map((c) => (
          <div key={c.name}>
            <dt className="text-xs text-muted">{c.name.replace(/ per 100.*$/, "")}</dt>
            <dd className="mt-1 text-xl font-semibold tabular-nums">{c.cost === null ? `${format(c.contacts, "count")} contacts` : format(c.cost, "money")}</dd>
            {c.cost !== null && <dd className="text-xs text-muted">{format(c.contacts, "count")} contacts</dd>}
          </div>
        ))}
      </dl>
      {unset && (
        <p className="mt-3 text-sm text-muted">
          Set a cost per support contact in{" "}
          <Link className="font-medium text-brand-700 underline" href={`/${orgSlug}/settings/metrics`}>
            metric settings
          </Link>{" "}
          to see what these contacts cost.
        </p>
      )}
    </Card>
  );
}

/** Members against non-members on order value: are loyalty members worth more? */
export function MemberValue() {
  const { metric } = usePanelMetrics();
  const format = useFormat();
  const m = metric("loyalty_member_aov_lift");
  const b = m.breakdown ?? {};
  return (
    <Card className="p-5">
      <h2 className="text-base font-semibold">Are loyalty members worth more?</h2>
      <p className="mt-0.5 text-sm text-muted">Average order value of members against non-members in the period.</p>
      <dl className="mt-4 grid grid-cols-3 gap-4">
        <div>
          <dt className="text-xs text-muted">Members ({counted(format, Number(b.memberOrders ?? 0), "order")})</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums">{format(b.memberAov as number | null, "money")}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Non-members ({counted(format, Number(b.nonMemberOrders ?? 0), "order")})</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums">{format(b.nonMemberAov as number | null, "money")}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Lift</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums">{m.value === null ? "—" : `${format(m.value, "ratio")}×`}</dd>
        </div>
      </dl>
    </Card>
  );
}

/** Customers lost in the period (the churn rate's numerator), beside the rate. */
export function CustomersLost() {
  const { metric } = usePanelMetrics();
  const format = useFormat();
  const churn = metric("churn_rate");
  return (
    <Card className="p-5">
      <h2 className="text-base font-semibold">Customers lost</h2>
      <p className="mt-2 text-3xl font-semibold tabular-nums" data-testid="customers-lost">
        {format(Number(churn.breakdown?.customers_lost ?? 0), "count")}
      </p>
      <p className="mt-1 text-sm text-muted">of {format(Number(churn.breakdown?.aliveAtStart ?? 0), "count")} customers alive when the period began ({format(churn.value, "percent")} churn).</p>
    </Card>
  );
}

/**
 * events.md: an amount in a currency without an exchange rate is left out of money metrics "and the
 * dashboard says how many such orders there are". Nothing when every order of the period converts.
 */
export function UnconvertedOrders() {
  const { metric } = usePanelMetrics();
  const { orgSlug } = useDashboard();
  const format = useFormat();
  const breakdown = metric("revenue").breakdown ?? {};
  const orders = Number(breakdown.unconverted ?? 0);
  const refunds = Number(breakdown.unconvertedRefunds ?? 0);
  if (orders === 0 && refunds === 0) return null;
  const parts = [orders > 0 && counted(format, orders, "order"), refunds > 0 && counted(format, refunds, "refund")].filter(Boolean);
  return (
    <p role="status" data-testid="unconverted-orders" className="rounded-lg border border-warning-700/20 bg-warning-50 px-4 py-3 text-sm text-warning-700">
      {parts.join(" and ")} of this period {orders + refunds === 1 ? "is" : "are"} in a currency without an exchange rate and left out of revenue, AOV and
      CLV. Add a rate in{" "}
      <Link className="font-medium underline" href={`/${orgSlug}/settings/metrics`}>
        metric settings
      </Link>{" "}
      to count {orders + refunds === 1 ? "it" : "them"}.
    </p>
  );
}
