import type { Metadata } from "next";
import { Suspense } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ExchangeRatesPanel } from "@/components/settings/exchange-rates-panel";
import { MetricSettingsForm } from "@/components/settings/metric-settings-form";
import { can } from "@/lib/permissions";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Metric settings" };

export default async function MetricSettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.metricSettings.get.queryOptions({ orgSlug })),
    queryClient.prefetchQuery(trpc.metricSettings.rates.queryOptions({ orgSlug })),
  ]);
  const canManage = can(org.role, "settings.manage");
  return (
    <HydrateClient>
      <PageHeader title="Metric settings" description="The definitions every metric reads: windows, checkout steps, costs and exchange rates." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Definitions" description={`Currency ${org.currency} and time zone ${org.timeZone} are set under General.`} />
          <CardBody>
            <Suspense>
              <MetricSettingsForm orgSlug={org.slug} canEdit={canManage} />
            </Suspense>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Exchange rates" description={`Orders in other currencies are converted into ${org.currency} at the rate in force on their local date; orders older than a currency's first rate take that first rate.`} />
          <Suspense>
            <ExchangeRatesPanel orgSlug={org.slug} currency={org.currency} canManage={canManage} />
          </Suspense>
        </Card>
      </div>
    </HydrateClient>
  );
}
