"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { ImportProgress } from "./import-progress";
import { count, formatDuration, isActive, STATUS_LABELS, STATUS_TONES, type ImportFormat, type ImportSummary } from "./types";

function formatLabel(formats: ImportFormat[], job: ImportSummary): string {
  const id = (job.mapping as { format?: string }).format;
  return formats.find((f) => f.id === id)?.label ?? job.kind;
}

/** Past and running imports, newest first; refreshed every two seconds while one is active. */
export function ImportList({ orgSlug, formats }: { orgSlug: string; formats: ImportFormat[] }) {
  const trpc = useTRPC();
  const { data: jobs } = useSuspenseQuery(
    trpc.import.list.queryOptions({ orgSlug }, { refetchInterval: (q) => (q.state.data?.some((j) => isActive(j.status)) ? 2000 : false) }),
  );
  const [open, setOpen] = useState<ImportSummary | null>(null);

  if (jobs.length === 0) {
    return <EmptyState title="No imports yet">Imports you start appear here, with their counts and the rows that were rejected.</EmptyState>;
  }
  return (
    <>
      <Table>
        <thead>
          <tr>
            <Th>File</Th>
            <Th>Status</Th>
            <Th className="hidden text-right sm:table-cell">Imported</Th>
            <Th className="hidden text-right sm:table-cell">Already there</Th>
            <Th className="hidden text-right sm:table-cell">Rejected</Th>
            <Th className="hidden md:table-cell">Started</Th>
            <Th className="hidden text-right md:table-cell">Took</Th>
            <Th className="hidden text-right sm:table-cell">
              <span className="sr-only">Details</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <Td className="max-w-44 sm:max-w-56">
                <button type="button" onClick={() => setOpen(job)} className="block max-w-full truncate text-left font-medium hover:underline" title={job.fileName}>
                  {job.fileName}
                </button>
                <span className="text-xs text-muted">
                  {formatLabel(formats, job)} · {count(job.rowsRead)} rows
                  <span className="sm:hidden"> · {count(job.accepted)} imported</span>
                </span>
              </Td>
              <Td>
                <Badge tone={STATUS_TONES[job.status]}>
                  {STATUS_LABELS[job.status]}
                  {job.status === "running" && job.fileBytes > 0 && ` ${Math.floor((job.bytesRead / job.fileBytes) * 100)}%`}
                </Badge>
              </Td>
              <Td className="hidden text-right tabular-nums sm:table-cell">{count(job.accepted)}</Td>
              <Td className="hidden text-right tabular-nums sm:table-cell">{count(job.duplicates)}</Td>
              <Td className="hidden text-right tabular-nums sm:table-cell">
                {job.rejected > 0 ? (
                  <a className="text-danger-600 underline-offset-2 hover:underline" href={`/api/orgs/${orgSlug}/imports/${job.id}/errors.csv`} download title="Download the rejected rows (CSV)">
                    {count(job.rejected)}
                  </a>
                ) : (
                  "0"
                )}
              </Td>
              <Td className="hidden whitespace-nowrap text-xs text-muted md:table-cell">
                <time dateTime={job.createdAt.toISOString()}>{formatDateTime(job.createdAt)}</time>
                {job.createdBy ? (
                  <span className="block">{job.createdBy}</span>
                ) : (
                  <span className="block" title="Started from the command line, or by an account that no longer exists">
                    —
                  </span>
                )}
              </Td>
              <Td className="hidden text-right text-xs whitespace-nowrap text-muted tabular-nums md:table-cell">
                {job.startedAt && job.finishedAt ? formatDuration(job.finishedAt.getTime() - job.startedAt.getTime()) : "—"}
              </Td>
              <Td className="hidden text-right sm:table-cell">
                <Button size="sm" variant="ghost" onClick={() => setOpen(job)} aria-label={`Details of ${job.fileName}`}>
                  Details
                </Button>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Dialog open={open !== null} onClose={() => setOpen(null)} title="Import details">
        {open && <ImportProgress orgSlug={orgSlug} importId={open.id} />}
        <div className="flex justify-end">
          <Button variant="secondary" onClick={() => setOpen(null)}>
            Close
          </Button>
        </div>
      </Dialog>
    </>
  );
}
