import Link from "next/link";
import type { Metadata } from "next";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { auditActionLabel, describeChanges } from "@/lib/audit-format";
import { formatDateTime } from "@/lib/format";
import { api, orPage } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Audit log" };

type Search = { action?: string; actor?: string; cursor?: string };

export default async function AuditLogPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Search> }) {
  const { orgSlug } = await params;
  const search = await searchParams;
  const cursor = Number(search.cursor);
  const filter = {
    orgSlug,
    action: search.action || undefined,
    actorUserId: search.actor || undefined,
    cursor: Number.isInteger(cursor) && cursor > 0 ? cursor : undefined,
    limit: 25,
  };
  const [page, options] = await Promise.all([orPage(api.audit.list(filter)), orPage(api.audit.filters({ orgSlug }))]);
  const query = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ action: filter.action, actor: filter.actorUserId, ...extra })) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `?${s}` : "";
  };
  const selectClasses = "rounded-lg border border-line bg-surface px-3 py-2 text-sm";
  return (
    <>
      <PageHeader title="Audit log" description="Who changed what in this organisation, and when." />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Action</span>
          <select name="action" defaultValue={filter.action ?? ""} className={selectClasses}>
            <option value="">All actions</option>
            {options.actions.map((a) => (
              <option key={a} value={a}>
                {auditActionLabel(a)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Who</span>
          <select name="actor" defaultValue={filter.actorUserId ?? ""} className={selectClasses}>
            <option value="">Everyone</option>
            {options.actors.map((a) => (
              <option key={a.userId} value={a.userId}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {(filter.action || filter.actorUserId) && (
          <Link href={`/${orgSlug}/settings/audit`} className={buttonClasses("ghost")}>
            Clear
          </Link>
        )}
      </form>
      <Card>
        {page.items.length === 0 ? (
          <EmptyState title="Nothing recorded here">Changes to settings, members and invitations appear here.</EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>What</Th>
                <Th>Change</Th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((entry) => (
                <tr key={entry.id}>
                  <Td className="whitespace-nowrap text-muted">
                    <time dateTime={entry.createdAt.toISOString()}>{formatDateTime(entry.createdAt)}</time>
                  </Td>
                  <Td>{entry.actorName ?? entry.actorLabel}</Td>
                  <Td className="font-medium">{auditActionLabel(entry.action)}</Td>
                  <Td>
                    <ul className="space-y-0.5 text-xs text-muted">
                      {describeChanges(entry.before, entry.after).map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <nav className="mt-4 flex justify-between" aria-label="Audit log pages">
        {filter.cursor ? (
          <Link href={`/${orgSlug}/settings/audit${query({})}`} className={buttonClasses("secondary", "sm")}>
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor && (
          <Link href={`/${orgSlug}/settings/audit${query({ cursor: String(page.nextCursor) })}`} className={buttonClasses("secondary", "sm")}>
            Older entries →
          </Link>
        )}
      </nav>
    </>
  );
}
