import type { Metadata } from "next";
import { ExitReasons, StepFunnel, StepHeatmap, VariantTable, WithWithoutChart } from "@/components/dashboard/checkout-charts";
import { DashboardFrame, type DashboardPageProps } from "@/components/dashboard/dashboard-frame";
import { BreakdownChart, TrendChart } from "@/components/dashboard/metric-charts";
import { MetricSection } from "@/components/dashboard/metric-section";

export const metadata: Metadata = { title: "Checkout" };

export default function CheckoutPage(props: DashboardPageProps) {
  return (
    <DashboardFrame {...props} path="/checkout" title="Checkout" description="Where checkouts die, why, and whether recovery and experiments help.">
      {({ base }) => (
        <div className="space-y-6">
          <MetricSection
            base={base}
            keys={["checkout_abandonment_rate", "checkout_step_exits", "cart_recovery_conversion_rate"]}
            kpis={["checkout_abandonment_rate", "cart_recovery_conversion_rate"]}
            height={700}
          >
            <StepFunnel />
            <TrendChart keys={["checkout_abandonment_rate"]} />
            <div className="min-w-0 lg:col-span-2">
              <StepHeatmap />
            </div>
            <BreakdownChart metricKey="cart_recovery_conversion_rate" path="byNudge" field="rate" unit="percent" title="Cart recovery by nudge" description="Checkouts completed within 7 days of their first recovery message, by its nudge." />
            <BreakdownChart metricKey="cart_recovery_conversion_rate" path="byChannel" field="rate" unit="percent" title="Cart recovery by channel" description="The same, by the channel of the first message." />
          </MetricSection>
          <MetricSection base={base} keys={["sustainability_abandonment_rate", "policy_abandonment_impact"]} kpis={[]} columns={3} height={320}>
            <WithWithoutChart
              metricKey="sustainability_abandonment_rate"
              title="Does the passport help?"
              description="Abandonment of checkouts with a product-passport or sustainability view during them, against those without."
              withLabel="With passport views"
              withoutLabel="Without"
            />
            <WithWithoutChart
              metricKey="policy_abandonment_impact"
              title="Policy views and abandonment"
              description="Abandonment of checkouts with a policy view during them, against those without."
              withLabel="With policy views"
              withoutLabel="Without"
            />
            <BreakdownChart metricKey="policy_abandonment_impact" path="byPolicy" field="rate" unit="percent" title="Abandonment by policy viewed" description="Abandonment rate of checkouts that viewed each policy." />
          </MetricSection>
          <MetricSection base={base} keys={["exit_survey_reasons", "checkout_variant_abandonment"]} kpis={[]} height={320}>
            <ExitReasons />
            <VariantTable />
          </MetricSection>
          <MetricSection base={base} keys={["conversion_rate", "bounce_rate", "pages_per_session"]} height={420}>
            <TrendChart keys={["conversion_rate", "bounce_rate"]} title="Sessions: conversion and bounce" />
            <TrendChart keys={["pages_per_session"]} kind="bar" />
          </MetricSection>
        </div>
      )}
    </DashboardFrame>
  );
}
