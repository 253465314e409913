"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { useUrlText } from "@/components/events/use-url-text";
import { CUSTOMER_SEARCH_LIMIT, customerHref } from "@/lib/customers/pages";
import { formatZonedDateTime } from "@/lib/events/zoned-time";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

export function CustomerSearch({ orgSlug, timeZone }: { orgSlug: string; timeZone: string }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const query = (useSearchParams().get("q") ?? "").trim().slice(0, 128);
  const [text, setText] = useUrlText(query, (value) => window.history.replaceState(null, "", value ? `${pathname}?q=${encodeURIComponent(value)}` : pathname), 300);
  const results = useQuery(
    trpc.customer.search.queryOptions({ orgSlug, query: query || undefined, limit: CUSTOMER_SEARCH_LIMIT }, { placeholderData: keepPreviousData }),
  );
  const rows = results.data ?? [];

  return (
    <div className="space-y-4">
      <label className="block max-w-md text-sm">
        <span className="mb-1 block font-medium">Find a customer</span>
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Customer id (start of it) or email"
          maxLength={128}
          className="block w-full rounded-lg border border-line bg-surface px-3 py-2 text-sm shadow-xs placeholder:text-muted/70 focus:border-brand-500 focus:ring-2 focus:ring-brand-500/25 focus:outline-none"
        />
      </label>
      {results.error && <FormError message={describeClientError(results.error).message} />}
      <Card className={cn("transition-opacity", results.isPlaceholderData && "opacity-60")}>
        {rows.length === 0 && results.isSuccess ? (
          query ? (
            <EmptyState title={`No customer matches “${query}”`}>Ids match from their start; emails match anywhere, in any case.</EmptyState>
          ) : (
            <EmptyState
              title="No customers yet"
              action={
                <Link href={`/${orgSlug}/events`} className={buttonClasses("secondary", "sm")}>
                  Go to events
                </Link>
              }
            >
              A customer appears with the first event that carries their customerId.
            </EmptyState>
          )
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Customer</Th>
                <Th className="hidden sm:table-cell">Email</Th>
                <Th>Last seen</Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.customerId} className="hover:bg-canvas/60">
                  <Td className="max-w-56">
                    <Link href={customerHref(orgSlug, c.customerId)} className="block truncate font-medium text-brand-700 hover:underline">
                      {c.customerId}
                    </Link>
                    {c.name && <span className="block truncate text-xs text-muted">{c.name}</span>}
                  </Td>
                  <Td className="hidden max-w-64 truncate text-muted sm:table-cell">{c.email ?? "—"}</Td>
                  <Td className="whitespace-nowrap text-muted tabular-nums">{formatZonedDateTime(c.lastSeenAt, timeZone)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {rows.length === CUSTOMER_SEARCH_LIMIT && (
        <p className="text-sm text-muted">Showing the first {CUSTOMER_SEARCH_LIMIT}. Type more of the id or email to narrow it down.</p>
      )}
    </div>
  );
}
