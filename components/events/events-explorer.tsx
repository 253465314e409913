"use client";

import { keepPreviousData, useInfiniteQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/field";
import { EMPTY_VIEW, EXPLORER_PAGE_SIZE, explorerFilter, explorerQueryString, readExplorerView, viewIncludesNow, type ExplorerView } from "@/lib/events/explorer-view";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import { EventFilters } from "./event-filters";
import { EventTable } from "./event-table";
import { FirstEventGuide } from "./first-event-guide";
import { useLiveTail } from "./use-live-tail";

interface Props {
  orgSlug: string;
  timeZone: string;
  apiBase: string;
  currency: string;
  canManageKeys: boolean;
}

export function EventsExplorer({ orgSlug, timeZone, apiBase, currency, canManageKeys }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // The view is state first and the URL second: a ticked box shows at once, and the URL (which Next
  // updates asynchronously) follows. Only a change of the URL itself is adopted (back button, a link):
  // comparing the URL with the view instead would, in the render between our pushState and Next's
  // catching up, read the old URL and untick the box for a moment.
  const query = searchParams.toString();
  const [view, setLocalView] = useState(() => readExplorerView(searchParams));
  const [seenQuery, setSeenQuery] = useState(query);
  if (query !== seenQuery) {
    setSeenQuery(query);
    setLocalView(readExplorerView(searchParams));
  }
  const filter = useMemo(() => explorerFilter(view), [view]);
  const [live, setLive] = useState(false);

  // The history API keeps Next's router in step (useSearchParams follows) without a server round trip.
  const setView = useCallback(
    (next: ExplorerView, mode: "push" | "replace" = "push") => {
      const qs = explorerQueryString(next);
      setLocalView(next);
      const url = `${pathname}${qs}`;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname],
  );

  const { data: facets } = useSuspenseQuery(trpc.event.facets.queryOptions({ orgSlug }));
  const list = useInfiniteQuery(
    trpc.event.list.infiniteQueryOptions(
      { orgSlug, ...filter, limit: EXPLORER_PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor, placeholderData: keepPreviousData },
    ),
  );
  const pages = list.data?.pages ?? [];
  const listed = pages.flatMap((p) => p.items);
  const startAfterId = pages[0]?.latestId ?? 0;
  const empty = facets.total === 0;
  const canTail = viewIncludesNow(view);

  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.event.facets.queryKey({ orgSlug }) });
    void queryClient.invalidateQueries({ queryKey: trpc.event.list.pathKey() });
  }, [queryClient, trpc, orgSlug]);

  // With no events at all the page listens on its own, so that the first one appears by itself.
  const tail = useLiveTail({
    input: { orgSlug, ...filter },
    startAfterId,
    enabled: !list.isPlaceholderData && list.isSuccess && (empty || (live && canTail)),
    intervalMs: empty ? 2000 : 1000,
    onArrive: empty ? refresh : undefined,
  });
  const listedIds = new Set(listed.map((e) => e.id));
  const arrived = tail.events.filter((e) => !listedIds.has(e.id));
  const rows = [...arrived, ...listed];

  if (empty) {
    return (
      <Card>
        <FirstEventGuide orgSlug={orgSlug} apiBase={apiBase} currency={currency} canManageKeys={canManageKeys} listening={!tail.error} />
        {tail.error && <FormError message={tail.error} />}
      </Card>
    );
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <EventFilters view={view} facets={facets.types} timeZone={timeZone} onChange={setView} />
        <LiveToggle live={live && canTail} disabled={!canTail} onChange={setLive} />
      </div>
      {facets.identityConflicts > 0 && (
        <p className="text-xs text-muted">
          {facets.identityConflicts} conflicting identity {facets.identityConflicts === 1 ? "link" : "links"} ignored: an anonymous id keeps the
          first customer it was linked to, and later claims by other customers do not move its events.
        </p>
      )}
      {tail.error && <FormError message={`Live updates paused: ${tail.error} Retrying…`} />}
      {list.error && <FormError message={describeClientError(list.error).message} />}
      <Card className={cn("transition-opacity", list.isPlaceholderData && "opacity-60")} aria-busy={list.isFetching && !list.isFetchingNextPage}>
        {rows.length === 0 && list.isSuccess ? (
          <EmptyState
            title="No events match these filters"
            action={
              <Button variant="secondary" size="sm" onClick={() => setView(EMPTY_VIEW)}>
                Clear filters
              </Button>
            }
          >
            {live && canTail ? "Live is on: matching events will appear here as they arrive." : "Widen the time range or remove a filter."}
          </EmptyState>
        ) : (
          <EventTable
            events={rows}
            orgSlug={orgSlug}
            timeZone={timeZone}
            fresh={tail.fresh}
            onShowActor={(actor) => setView({ ...view, actor })}
          />
        )}
      </Card>
      <div className="flex items-center justify-between gap-3 text-sm text-muted">
        <span>
          {rows.length} {rows.length === 1 ? "event" : "events"} shown · times in {timeZone}
        </span>
        {list.hasNextPage && (
          <Button variant="secondary" size="sm" pending={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load older events
          </Button>
        )}
      </div>
    </div>
  );
}

function LiveToggle({ live, disabled, onChange }: { live: boolean; disabled: boolean; onChange: (live: boolean) => void }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={live}
      disabled={disabled}
      title={disabled ? "This time range has ended: no new events can fall in it." : "Show events as they arrive"}
      onClick={() => onChange(!live)}
      className={cn(
        "inline-flex h-10 items-center gap-2 rounded-lg border px-3 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50",
        live ? "border-brand-500 bg-brand-50 text-brand-700" : "border-line bg-surface text-ink hover:bg-canvas",
      )}
    >
      <span className={cn("size-2 rounded-full", live ? "animate-pulse bg-brand-500" : "bg-muted/40")} aria-hidden />
      Live
    </button>
  );
}
