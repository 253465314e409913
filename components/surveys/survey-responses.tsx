"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { downloadBlob, exportFileName, toCsv } from "@/components/dashboard/table-model";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { InputField, SelectField } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { fromZonedInputValue } from "@/lib/events/zoned-time";
import { scoresOf, type SurveyKind } from "@/lib/surveys/kinds";
import { useTRPC } from "@/lib/trpc/client";

interface Filter {
  minScore: number | null;
  maxScore: number | null;
  reason: string | null;
  withComment: boolean;
  from: string;
  to: string;
}

const PAGE = 50;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const EXPORT_PAGE = 1000;

/** The answers to one survey, newest first, with filters, "Load more" and a CSV of everything filtered. */
export function SurveyResponses({
  orgSlug,
  survey,
  timeZone,
  canExport,
}: {
  orgSlug: string;
  survey: { id: string; name: string; kind: SurveyKind; reasons: string[] };
  timeZone: string;
  canExport: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<Filter>({ minScore: null, maxScore: null, reason: null, withComment: false, from: "", to: "" });
  const [exporting, setExporting] = useState<number | null>(null);
  // Days in the organisation's time zone (as the table shows times); `to` is inclusive on screen, exclusive in the query.
  const input = {
    orgSlug,
    surveyId: survey.id,
    minScore: filter.minScore,
    maxScore: filter.maxScore,
    reason: filter.reason,
    withComment: filter.withComment || undefined,
    from: filter.from ? fromZonedInputValue(`${filter.from}T00:00`, timeZone) : null,
    to: filter.to ? fromZonedInputValue(`${nextDay(filter.to)}T00:00`, timeZone) : null,
  };
  const query = useInfiniteQuery(
    trpc.survey.responses.infiniteQueryOptions({ ...input, limit: PAGE }, { getNextPageParam: (last) => last.nextCursor ?? undefined, initialCursor: null }),
  );
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  const scores = scoresOf(survey.kind);
  const patch = (change: Partial<Filter>) => setFilter((f) => ({ ...f, ...change }));

  async function exportCsv() {
    const all: typeof rows = [];
    let cursor: number | null = null;
    setExporting(0);
    try {
      do {
        const page: { items: typeof rows; nextCursor: number | null } = await queryClient.fetchQuery(trpc.survey.responses.queryOptions({ ...input, limit: EXPORT_PAGE, cursor }));
        all.push(...page.items);
        setExporting(all.length);
        cursor = page.nextCursor;
      } while (cursor !== null);
      const csv = toCsv({
        columns: ["respondedAt", "customerId", "score", "reason", "comment"],
        rows: all.map((r) => [new Date(r.respondedAt).toISOString(), r.customerId, r.score, r.reason, r.comment]),
      });
      downloadBlob(new Blob([csv], { type: "text/csv;charset=utf-8" }), exportFileName([orgSlug, survey.name, "responses"], "csv"));
    } catch {
      toast.error("The export stopped: check your connection and try again.");
    } finally {
      setExporting(null);
    }
  }

  return (
    <div>
      <div className="grid gap-3 border-b border-line px-5 py-4 sm:grid-cols-3 lg:grid-cols-6" role="group" aria-label="Filter responses">
        {scores.length > 0 ? (
          <>
            <SelectField label="Score from" value={filter.minScore ?? ""} onChange={(e) => patch({ minScore: e.target.value === "" ? null : Number(e.target.value) })} options={[{ value: "", label: "Any" }, ...scores.map((s) => ({ value: String(s), label: String(s) }))]} />
            <SelectField label="Score to" value={filter.maxScore ?? ""} onChange={(e) => patch({ maxScore: e.target.value === "" ? null : Number(e.target.value) })} options={[{ value: "", label: "Any" }, ...scores.map((s) => ({ value: String(s), label: String(s) }))]} />
          </>
        ) : (
          <SelectField label="Reason" value={filter.reason ?? ""} onChange={(e) => patch({ reason: e.target.value || null })} options={[{ value: "", label: "Any" }, ...survey.reasons.map((r) => ({ value: r, label: r }))]} />
        )}
        <InputField label="From" type="date" value={filter.from} onChange={(e) => patch({ from: e.target.value })} />
        <InputField label="To" type="date" value={filter.to} onChange={(e) => patch({ to: e.target.value })} />
        <label className="flex items-center gap-2 self-end pb-2 text-sm">
          <input type="checkbox" checked={filter.withComment} onChange={(e) => patch({ withComment: e.target.checked })} className="size-4 accent-brand-600" />
          With a comment
        </label>
        {canExport && (
          <Button variant="secondary" className="self-end" pending={exporting !== null} onClick={exportCsv}>
            {exporting !== null ? `Exporting ${exporting.toLocaleString("en")}…` : "Export CSV"}
          </Button>
        )}
      </div>
      {query.isPending ? (
        <p className="px-5 py-8 text-sm text-muted" role="status">
          Loading responses…
        </p>
      ) : query.isError ? (
        <p className="px-5 py-8 text-sm text-danger-600" role="alert">
          The responses could not load. <button className="underline" onClick={() => query.refetch()}>Try again</button>
        </p>
      ) : rows.length === 0 ? (
        <EmptyState title="No responses here">Answers appear the moment a respondent sends them.</EmptyState>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>{scores.length ? "Score" : "Reason"}</Th>
                <Th>Comment</Th>
                <Th>Customer</Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.eventId} data-response>
                  <Td className="whitespace-nowrap text-muted">{time.format(new Date(r.respondedAt))}</Td>
                  <Td className="font-semibold tabular-nums">{scores.length ? r.score : (r.reason ?? "—")}</Td>
                  <Td className="max-w-md text-sm">{r.comment ?? <span className="text-muted">—</span>}</Td>
                  <Td className="font-mono text-xs">{r.customerId ?? <span className="font-sans text-muted">anonymous</span>}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {query.hasNextPage && (
            <div className="border-t border-line px-5 py-3">
              <Button variant="secondary" size="sm" pending={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
