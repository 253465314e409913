"use client";

import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { EventTable } from "@/components/events/event-table";
import { CUSTOMER_PAGE_SIZE } from "@/lib/customers/pages";
import { useTRPC } from "@/lib/trpc/client";

/** Everything the customer did, their anonymous visits before they were identified included. */
export function CustomerTimeline({ orgSlug, customerId, timeZone }: { orgSlug: string; customerId: string; timeZone: string }) {
  const trpc = useTRPC();
  const timeline = useSuspenseInfiniteQuery(
    trpc.customer.timeline.infiniteQueryOptions({ orgSlug, customerId, limit: CUSTOMER_PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const events = timeline.data.pages.flatMap((p) => p.items);
  if (events.length === 0) return <EmptyState title="No events">Nothing was recorded for this customer.</EmptyState>;
  return (
    <>
      <EventTable events={events} orgSlug={orgSlug} timeZone={timeZone} hideCustomer />
      {timeline.hasNextPage && (
        <div className="border-t border-line px-5 py-3">
          <Button variant="secondary" size="sm" pending={timeline.isFetchingNextPage} onClick={() => void timeline.fetchNextPage()}>
            Load older events
          </Button>
        </div>
      )}
    </>
  );
}
