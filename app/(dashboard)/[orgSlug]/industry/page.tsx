import type { Metadata } from "next";
import { DashboardFrame, type DashboardPageProps } from "@/components/dashboard/dashboard-frame";
import { TrendChart } from "@/components/dashboard/metric-charts";
import { MetricSection } from "@/components/dashboard/metric-section";
import { PackTabs } from "@/components/dashboard/pack-tabs";
import { INDUSTRY_PACKS, isIndustry } from "@/lib/dashboard/industry-packs";

export const metadata: Metadata = { title: "Industry packs" };

export default async function IndustryPage(props: DashboardPageProps) {
  const asked = (await props.searchParams).pack;
  return (
    <DashboardFrame {...props} path="/industry" title="Industry packs" description="The numbers each kind of business watches first. Your organisation's industry opens by default.">
      {({ base, org }) => {
        const orgDefault = isIndustry(org.industry) ? org.industry : "ecommerce";
        const key = isIndustry(asked) ? asked : orgDefault;
        const pack = INDUSTRY_PACKS[key];
        return (
          <div className="space-y-4">
            <PackTabs packs={Object.entries(INDUSTRY_PACKS).map(([k, p]) => ({ key: k, label: p.label }))} current={key} orgDefault={orgDefault} />
            <p className="text-sm text-muted">{pack.why}</p>
            <MetricSection key={key} base={base} keys={pack.keys} height={700}>
              {pack.keys.map((k) => (
                <TrendChart key={k} keys={[k]} />
              ))}
            </MetricSection>
          </div>
        );
      }}
    </DashboardFrame>
  );
}
