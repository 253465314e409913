"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import { count, formatDuration, isActive, STATUS_LABELS, STATUS_TONES, type ImportDetail } from "./types";

function Stat({ label, value, tone }: { label: string; value: number; tone?: "danger" }) {
  return (
    <div className="rounded-lg border border-line px-3 py-2">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className={tone === "danger" && value > 0 ? "text-lg font-semibold text-danger-600" : "text-lg font-semibold"}>{count(value)}</dd>
    </div>
  );
}

function rateOf(job: ImportDetail, seenAt: number): number | null {
  if (!job.startedAt) return null;
  const end = job.finishedAt?.getTime() ?? seenAt;
  const seconds = (end - job.startedAt.getTime()) / 1000;
  return seconds > 0 ? Math.round(job.rowsRead / seconds) : null;
}

/** Live state of one import: polled every second while it runs, with cancel, errors and restart. */
export function ImportProgress({ orgSlug, importId }: { orgSlug: string; importId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(
    trpc.import.get.queryOptions({ orgSlug, importId }, { refetchInterval: (q) => (q.state.data && !isActive(q.state.data.status) ? false : 1000), staleTime: 0 }),
  );
  const job = query.data;
  const status = job?.status;
  useEffect(() => {
    // The list beside shows the same import: refresh it whenever its state changes.
    if (status) void queryClient.invalidateQueries({ queryKey: trpc.import.list.queryKey({ orgSlug }) });
  }, [status, orgSlug, queryClient, trpc]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.import.get.queryKey({ orgSlug, importId }) });
  const onError = (error: unknown) => toast.error(describeClientError(error).message);
  const cancel = useMutation(trpc.import.cancel.mutationOptions({ onSuccess: () => (toast.success("Import canceled."), refresh()), onError }));
  const restart = useMutation(trpc.import.restart.mutationOptions({ onSuccess: () => (toast.success("Import started again."), refresh()), onError }));

  if (query.error) return <FormError message={describeClientError(query.error).message} />;
  if (!job) return <p className="text-sm text-muted">Loading the import…</p>;

  const percent = job.fileBytes ? Math.min(100, Math.floor((job.bytesRead / job.fileBytes) * 100)) : 0;
  const shownPercent = job.status === "succeeded" ? 100 : percent;
  const rate = rateOf(job, query.dataUpdatedAt);
  const errorsUrl = `/api/orgs/${orgSlug}/imports/${job.id}/errors.csv`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate font-medium" title={job.fileName}>
            {job.fileName}
          </p>
          <p className="text-xs text-muted">
            {rate !== null && `${count(rate)} rows/s`}
            {job.startedAt && ` · ${formatDuration((job.finishedAt?.getTime() ?? query.dataUpdatedAt) - job.startedAt.getTime())}`}
          </p>
        </div>
        <Badge tone={STATUS_TONES[job.status]}>{STATUS_LABELS[job.status]}</Badge>
      </div>

      <div>
        <div
          role="progressbar"
          aria-label="Import progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={shownPercent}
          className="h-2.5 overflow-hidden rounded-full bg-canvas ring-1 ring-line"
        >
          <div
            className={`h-full rounded-full transition-[width] duration-500 ${job.status === "failed" ? "bg-danger-600" : job.status === "canceled" ? "bg-warning-700" : "bg-brand-600"}`}
            style={{ width: `${shownPercent}%` }}
          />
        </div>
        <p className="mt-1 text-right text-xs text-muted tabular-nums">{shownPercent}%</p>
      </div>

      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Stat label="Rows read" value={job.rowsRead} />
        <Stat label="Imported" value={job.accepted} />
        <Stat label="Already there" value={job.duplicates} />
        <Stat label="Rejected" value={job.rejected} tone="danger" />
      </dl>

      {job.status === "queued" && <p className="text-sm text-muted">Waiting for the import before it to finish.</p>}
      {job.status === "succeeded" && (
        <p role="status" className="text-sm">
          Done. {count(job.accepted)} records imported
          {job.duplicates > 0 && `, ${count(job.duplicates)} were already in Aftercart`}
          {job.rejected > 0 && `, ${count(job.rejected)} rejected (see below)`}.
        </p>
      )}
      {job.status === "failed" && <FormError message={job.error ?? "The import failed."} />}
      {job.status === "canceled" && (
        <p className="text-sm text-muted">Canceled. The rows imported before stay; start it again to import the rest (rows already imported are skipped).</p>
      )}

      <div className="flex flex-wrap gap-2">
        {isActive(job.status) && (
          <Button variant="secondary" pending={cancel.isPending} onClick={() => cancel.mutate({ orgSlug, importId: job.id })}>
            Cancel import
          </Button>
        )}
        {(job.status === "failed" || job.status === "canceled") && (
          <Button variant="secondary" pending={restart.isPending} onClick={() => restart.mutate({ orgSlug, importId: job.id })}>
            Start again
          </Button>
        )}
        {job.rejected > 0 && (
          <a href={errorsUrl} download className={buttonClasses("secondary")}>
            Download errors (CSV)
          </a>
        )}
      </div>

      {job.errors.length > 0 && (
        <div className="space-y-2">
          <h3 className="text-sm font-medium">Rejected rows</h3>
          <ul className="max-h-64 divide-y divide-line overflow-y-auto rounded-lg border border-line text-sm">
            {job.errors.map((e, i) => (
              <li key={`${e.line}-${i}`} className="flex gap-3 px-3 py-2">
                <span className="w-16 shrink-0 text-muted tabular-nums">Line {e.line}</span>
                <span className="min-w-0 break-words">{e.message}</span>
              </li>
            ))}
          </ul>
          {job.rejected > job.errors.length && (
            <p className="text-xs text-muted">
              {job.rejected > job.storedErrors
                ? `The first ${count(job.storedErrors)} rejected rows are kept for the download; ${count(job.rejected - job.storedErrors)} more were counted.`
                : `The download lists all ${count(job.rejected)}.`}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
