import type { Metadata } from "next";
import { Suspense } from "react";
import { BenchmarkPresets } from "@/components/settings/benchmark-presets";
import { BenchmarkTargets } from "@/components/settings/benchmark-targets";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Benchmarks" };

export default async function BenchmarksPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.benchmark.list.queryOptions({ orgSlug })),
    queryClient.prefetchQuery(trpc.benchmark.presets.queryOptions({ orgSlug })),
  ]);
  const canManage = can(org.role, "settings.manage");
  return (
    <HydrateClient>
      <PageHeader
        title="Benchmarks"
        description="What good looks like: a target and a warning threshold per metric. Cards, charts, the journey table and the API show each metric as on track, warning or off track."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Presets" description="Start from a table of common targets, then adjust them to your own history." />
          <Suspense>
            <BenchmarkPresets orgSlug={org.slug} industry={org.industry} canManage={canManage} />
          </Suspense>
        </Card>
        <Card>
          <CardHeader title="Targets" description={canManage ? "Set, edit or remove a metric's target. Every change is in the audit log." : "Admins set the targets."} />
          <Suspense>
            <BenchmarkTargets orgSlug={org.slug} currency={org.currency} canManage={canManage} />
          </Suspense>
        </Card>
      </div>
    </HydrateClient>
  );
}
