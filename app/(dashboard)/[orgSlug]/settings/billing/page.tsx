import type { Metadata } from "next";
import { Suspense } from "react";
import { BillingSummary } from "@/components/billing/billing-summary";
import { InvoicesTable } from "@/components/billing/invoices-table";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<{ checkout?: string }> }) {
  const [{ orgSlug }, { checkout }] = await Promise.all([params, searchParams]);
  const org = await orPage(api.organization.get({ orgSlug }));
  const canManage = can(org.role, "billing.manage");
  const queryClient = getQueryClient();
  const overview = await queryClient.fetchQuery(trpc.billing.overview.queryOptions({ orgSlug }));
  if (canManage && overview.enabled) await queryClient.prefetchQuery(trpc.billing.invoices.queryOptions({ orgSlug }));
  return (
    <HydrateClient>
      <PageHeader title="Billing" description="Your plan, what it allows, and how much of it this period has used." />
      <div className="space-y-6">
        <Suspense>
          <BillingSummary orgSlug={org.slug} canManage={canManage} checkoutReturned={checkout === "success"} />
        </Suspense>
        {canManage && overview.enabled && (
          <Card>
            <CardHeader title="Invoices" description="Paid and open invoices, newest first. Each links to Stripe's page with its PDF." />
            <Suspense>
              <InvoicesTable orgSlug={org.slug} />
            </Suspense>
          </Card>
        )}
      </div>
    </HydrateClient>
  );
}
