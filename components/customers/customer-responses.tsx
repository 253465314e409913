"use client";

import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { CUSTOMER_PAGE_SIZE } from "@/lib/customers/pages";
import { formatZonedDate } from "@/lib/events/zoned-time";
import { useTRPC } from "@/lib/trpc/client";

const KIND_LABELS: Record<string, string> = { nps: "NPS", ces: "CES", csat: "CSAT", dpp_feedback: "DPP feedback", exit: "Exit survey" };

export function CustomerResponses({ orgSlug, customerId, timeZone }: { orgSlug: string; customerId: string; timeZone: string }) {
  const trpc = useTRPC();
  const responses = useSuspenseInfiniteQuery(
    trpc.customer.responses.infiniteQueryOptions({ orgSlug, customerId, limit: CUSTOMER_PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const rows = responses.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) return <EmptyState title="No survey responses">Responses appear with survey.responded events.</EmptyState>;
  return (
    <>
      <Table>
        <thead>
          <tr>
            <Th>Survey</Th>
            <Th className="text-right">Score</Th>
            <Th>Comment</Th>
            <Th className="hidden sm:table-cell">When</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.eventId}>
              <Td className="whitespace-nowrap">
                {KIND_LABELS[r.kind] ?? r.kind}
                {r.reason && <span className="block text-xs text-muted">{r.reason}</span>}
              </Td>
              <Td className="text-right font-medium tabular-nums">{r.score ?? "—"}</Td>
              <Td className="max-w-80 text-muted">{r.comment ? <span className="line-clamp-3">{r.comment}</span> : "—"}</Td>
              <Td className="hidden whitespace-nowrap text-muted sm:table-cell">{formatZonedDate(r.respondedAt, timeZone)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {responses.hasNextPage && (
        <div className="border-t border-line px-5 py-3">
          <Button variant="secondary" size="sm" pending={responses.isFetchingNextPage} onClick={() => void responses.fetchNextPage()}>
            Load older responses
          </Button>
        </div>
      )}
    </>
  );
}
