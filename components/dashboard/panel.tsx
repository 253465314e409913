import "server-only";
import { Suspense, type ReactNode } from "react";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { getQueryClient, trpc } from "@/lib/trpc/server";
import { PanelErrorBoundary } from "./panel-error";
import { PanelInputProvider } from "./panel-data";
import { commentsInputOf, type SummaryInput } from "./panel-inputs";
import { PanelSkeleton } from "./skeleton";

/**
 * One dashboard panel: its metrics are read in process through tRPC on the server, handed to the
 * client as hydrated query data, and streamed in on their own, so that a slow metric holds back its
 * panel only, and a failing one shows its error while the rest of the page works.
 */
export function Panel({ input, comments, children, height = 300, className }: { input: SummaryInput; comments?: boolean; children: ReactNode; height?: number; className?: string }) {
  return (
    <div className={className ?? "min-w-0"}>
      <PanelErrorBoundary>
        <Suspense fallback={<PanelSkeleton height={height} />}>
          <Prefetched input={input} comments={comments}>
            {children}
          </Prefetched>
        </Suspense>
      </PanelErrorBoundary>
    </div>
  );
}

async function Prefetched({ input, comments, children }: { input: SummaryInput; comments?: boolean; children: ReactNode }) {
  const queryClient = getQueryClient();
  const options = [trpc.metric.summary.queryOptions(input), ...(comments ? [trpc.metric.comments.queryOptions(commentsInputOf(input))] : [])];
  // fetchQuery rethrows, so a failed read reaches this panel's error boundary, not a client retry loop.
  await Promise.all(options.map((o) => queryClient.fetchQuery(o as Parameters<typeof queryClient.fetchQuery>[0])));
  const hashes = new Set(options.map((o) => JSON.stringify(o.queryKey)));
  // Only this panel's queries: every panel dehydrating the whole cache would repeat them in the HTML.
  const state = dehydrate(queryClient, { shouldDehydrateQuery: (q) => hashes.has(JSON.stringify(q.queryKey)) });
  return (
    <HydrationBoundary state={state}>
      <PanelInputProvider input={input}>{children}</PanelInputProvider>
    </HydrationBoundary>
  );
}
