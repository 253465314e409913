import type { Metadata } from "next";
import { Suspense } from "react";
import { ProgramReport } from "@/components/loyalty/program-report";
import { ProgramForm } from "@/components/loyalty/program-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { reportReadInput } from "@/lib/loyalty/report-reads";
import { presetDays } from "@/lib/dashboard/parse-view";
import { periodOf } from "@/lib/dashboard/view";
import { can } from "@/lib/permissions";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Loyalty programme" };

export default async function LoyaltyProgramPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  const program = await api.loyalty.get({ orgSlug });
  const canEdit = can(org.role, "settings.manage");
  // The comparison reads the last 90 full days in the organisation's time zone, as the dashboards' preset does.
  const days = presetDays("90d", org.timeZone, new Date());
  const period = { ...periodOf(days), label: `${days.from} to ${days.through}` };
  if (program) {
    const queryClient = getQueryClient();
    await Promise.all([
      queryClient.prefetchQuery(trpc.loyalty.report.queryOptions({ orgSlug })),
      ...(["programme", "member", "non_member"] as const).map((read) => queryClient.prefetchQuery(trpc.metric.summary.queryOptions(reportReadInput(orgSlug, period, read)))),
    ]);
  }
  return (
    <HydrateClient>
      <PageHeader title="Loyalty programme" description="Members, points and what the programme owes, and whether members are worth more." />
      <div className="space-y-6">
        {program ? (
          <Suspense fallback={<p className="text-sm text-muted">Counting points…</p>}>
            <ProgramReport orgSlug={org.slug} period={period} />
          </Suspense>
        ) : (
          <Card>
            <EmptyState title="No programme defined yet">
              Describe your programme below: how points are earned, what a point is worth and your tiers. Aftercart then shows members, points outstanding
              and the liability they represent.
            </EmptyState>
          </Card>
        )}
        <Card>
          <CardHeader title="Programme rules" description={canEdit ? "Every change is in the audit log." : "Admins change the rules."} />
          <CardBody>
            {program || canEdit ? (
              <ProgramForm orgSlug={org.slug} currency={org.currency} program={program} canEdit={canEdit} />
            ) : (
              <p className="text-sm text-muted">An admin of {org.name} defines the programme here.</p>
            )}
          </CardBody>
        </Card>
      </div>
    </HydrateClient>
  );
}
