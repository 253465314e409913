"use client";

import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import type { ImportPreview } from "./types";

function show(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? "" : "s"}`;
  if (value !== null && typeof value === "object") return summarize(value as Record<string, unknown>);
  return String(value);
}

/** "orderId #1001 · total 85 · currency EUR · items 2 items", cut to a line. */
function summarize(properties: Record<string, unknown>): string {
  const text = Object.entries(properties)
    .map(([k, v]) => `${k} ${show(v)}`)
    .join(" · ");
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}

/** The first rows as Aftercart will read them: one line per event, or the reason a row is rejected. */
export function PreviewTable({ rows }: { rows: ImportPreview["rows"] }) {
  return (
    <Table aria-label="Preview of the first rows">
      <thead>
        <tr>
          <Th className="w-16">Line</Th>
          <Th>Becomes</Th>
          <Th>Customer</Th>
          <Th>Time</Th>
          <Th>Details</Th>
        </tr>
      </thead>
      <tbody>
        {rows.flatMap((row) => [
          ...row.events.map((event, i) => (
            <tr key={`${row.line}-e${i}`}>
              <Td className="text-muted tabular-nums">{i === 0 ? row.line : ""}</Td>
              <Td className="whitespace-nowrap font-mono text-xs">{event.type}</Td>
              <Td className="max-w-48 truncate" title={event.customerId ?? event.anonymousId ?? ""}>
                {event.customerId ?? <span className="text-muted">{event.anonymousId ? `guest (${event.anonymousId})` : "—"}</span>}
              </Td>
              <Td className="whitespace-nowrap text-muted">{formatDateTime(new Date(event.timestamp))}</Td>
              <Td className="min-w-64 text-xs text-muted">{summarize(event.properties)}</Td>
            </tr>
          )),
          ...row.problems.map((problem, i) => (
            <tr key={`${row.line}-p${i}`} className="bg-danger-50/60">
              <Td className="text-muted tabular-nums">{row.events.length === 0 && i === 0 ? row.line : ""}</Td>
              <Td>
                <Badge tone="danger">Rejected</Badge>
              </Td>
              <Td colSpan={3} className="text-sm text-danger-600">
                {problem.message}
              </Td>
            </tr>
          )),
        ])}
      </tbody>
    </Table>
  );
}
