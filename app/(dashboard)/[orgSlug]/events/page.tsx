import type { Metadata } from "next";
import { Suspense } from "react";
import { EventsExplorer } from "@/components/events/events-explorer";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/lib/env";
import { EXPLORER_PAGE_SIZE, explorerFilter, readExplorerView } from "@/lib/events/explorer-view";
import { can } from "@/lib/permissions";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Events" };

type Search = Record<string, string | string[] | undefined>;

export default async function EventsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Search> }) {
  const { orgSlug } = await params;
  const org = await orPage(api.organization.get({ orgSlug }), `/${orgSlug}/events`);
  // The same reading of the URL as the client's, so the prefetched page is the one it asks for.
  const filter = explorerFilter(readExplorerView(await searchParams));
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.event.facets.queryOptions({ orgSlug })),
    queryClient.prefetchInfiniteQuery(trpc.event.list.infiniteQueryOptions({ orgSlug, ...filter, limit: EXPLORER_PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor })),
  ]);
  return (
    <HydrateClient>
      <PageHeader title="Events" description="Everything your systems sent, newest first. Open a row for the full event." />
      <Suspense>
        <EventsExplorer orgSlug={org.slug} timeZone={org.timeZone} apiBase={env.APP_URL} currency={org.currency} canManageKeys={can(org.role, "keys.manage")} />
      </Suspense>
    </HydrateClient>
  );
}
