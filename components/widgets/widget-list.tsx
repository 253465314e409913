"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { formatNumber } from "@/lib/metrics/format";
import { WIDGET_VIEWS, type WidgetView } from "@/lib/widgets/options";
import { useTRPC } from "@/lib/trpc/client";

export function WidgetList({ orgSlug, canBuild }: { orgSlug: string; canBuild: boolean }) {
  const trpc = useTRPC();
  const { data: widgets } = useSuspenseQuery(trpc.widget.list.queryOptions({ orgSlug }));
  if (widgets.length === 0) {
    return (
      <EmptyState title="No widgets yet" action={canBuild && <Link href={`/${orgSlug}/widgets/new`} className={buttonClasses()}>Build a widget</Link>}>
        Put a KPI, a chart or the NPS gauge into your clients&apos; portals, locked to each client&apos;s own customers.
      </EmptyState>
    );
  }
  return (
    <Table>
      <thead>
        <tr>
          <Th>Widget</Th>
          <Th>View</Th>
          <Th>Metrics</Th>
          <Th className="text-right">Views (30 days)</Th>
        </tr>
      </thead>
      <tbody>
        {widgets.map((w) => (
          <tr key={w.id}>
            <Td>
              <Link href={`/${orgSlug}/widgets/${w.id}`} className="font-medium text-brand-700 hover:underline">
                {w.name}
              </Link>
            </Td>
            <Td>{WIDGET_VIEWS[w.view as WidgetView] ?? w.view}</Td>
            <Td className="font-mono text-xs">{w.metricKeys.join(", ")}</Td>
            <Td className="text-right tabular-nums">{formatNumber(w.views30d)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
