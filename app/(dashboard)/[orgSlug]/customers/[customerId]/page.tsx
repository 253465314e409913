import type { Metadata } from "next";
import { Suspense } from "react";
import { notFound } from "next/navigation";
import { CustomerProfile } from "@/components/customers/customer-profile";
import { CUSTOMER_PAGE_SIZE } from "@/lib/customers/pages";
import { can } from "@/lib/permissions";
import { customerIdField } from "@/lib/validation/events";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

// The customer id is personal data: it stays out of the window title and browser history titles.
export const metadata: Metadata = { title: "Customer" };

/** Page params arrive percent-encoded as in the URL (route handlers get them decoded). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export default async function CustomerPage({ params }: { params: Promise<{ orgSlug: string; customerId: string }> }) {
  const { orgSlug, customerId: raw } = await params;
  const parsed = customerIdField.safeParse(decodeSegment(raw));
  if (!parsed.success) notFound();
  const customerId = parsed.data;
  const org = await orPage(api.organization.get({ orgSlug }), `/${orgSlug}/customers`);
  // Unknown customer (or erased, or another organisation's): the 404 page.
  await orPage(api.customer.get({ orgSlug, customerId }));
  const queryClient = getQueryClient();
  const page = { orgSlug, customerId, limit: CUSTOMER_PAGE_SIZE };
  await Promise.all([
    queryClient.prefetchQuery(trpc.customer.get.queryOptions({ orgSlug, customerId })),
    queryClient.prefetchInfiniteQuery(trpc.customer.timeline.infiniteQueryOptions(page, { getNextPageParam: (p) => p.nextCursor })),
    queryClient.prefetchInfiniteQuery(trpc.customer.orders.infiniteQueryOptions(page, { getNextPageParam: (p) => p.nextCursor })),
    queryClient.prefetchInfiniteQuery(trpc.customer.responses.infiniteQueryOptions(page, { getNextPageParam: (p) => p.nextCursor })),
  ]);
  return (
    <HydrateClient>
      <Suspense>
        <CustomerProfile
          orgSlug={org.slug}
          customerId={customerId}
          timeZone={org.timeZone}
          canExport={can(org.role, "data.export")}
          canErase={can(org.role, "settings.manage")}
        />
      </Suspense>
    </HydrateClient>
  );
}
