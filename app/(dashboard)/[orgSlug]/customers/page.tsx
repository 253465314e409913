import type { Metadata } from "next";
import { Suspense } from "react";
import { CustomerSearch } from "@/components/customers/customer-search";
import { PageHeader } from "@/components/ui/page-header";
import { CUSTOMER_SEARCH_LIMIT } from "@/lib/customers/pages";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<{ q?: string | string[] }> }) {
  const { orgSlug } = await params;
  const org = await orPage(api.organization.get({ orgSlug }), `/${orgSlug}/customers`);
  const q = (await searchParams).q;
  const query = (Array.isArray(q) ? q[0] : q)?.trim().slice(0, 128) || undefined;
  await getQueryClient().prefetchQuery(trpc.customer.search.queryOptions({ orgSlug, query, limit: CUSTOMER_SEARCH_LIMIT }));
  return (
    <HydrateClient>
      <PageHeader title="Customers" description="Everyone your events identified, most recently seen first." />
      <Suspense>
        <CustomerSearch orgSlug={org.slug} timeZone={org.timeZone} />
      </Suspense>
    </HydrateClient>
  );
}
