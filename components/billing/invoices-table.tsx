"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { fromMinorUnits } from "@/lib/money";
import { formatDate } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";

const money = (minor: number, currency: string) =>
  new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(fromMinorUnits(minor, currency));

/** The invoices Stripe's webhooks reported, with Stripe's page for each (PDF, receipt, payment). */
export function InvoicesTable({ orgSlug }: { orgSlug: string }) {
  const trpc = useTRPC();
  const { data: invoices } = useSuspenseQuery(trpc.billing.invoices.queryOptions({ orgSlug }));
  if (invoices.length === 0) return <p className="px-5 py-4 text-sm text-muted">No invoices yet. They appear here when Stripe issues them.</p>;
  return (
    <div className="overflow-x-auto">
      <Table>
        <thead>
          <tr>
            <Th>Invoice</Th>
            <Th>Date</Th>
            <Th className="text-right">Amount</Th>
            <Th>Status</Th>
            <Th>
              <span className="sr-only">Link</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <Td className="font-medium">{invoice.number ?? invoice.id}</Td>
              <Td>{formatDate(invoice.issuedAt)}</Td>
              <Td className="text-right tabular-nums">{money(invoice.amountDueMinor, invoice.currency)}</Td>
              <Td>
                <Badge tone={invoice.status === "paid" ? "brand" : "warning"}>{invoice.status === "paid" ? "Paid" : "Unpaid"}</Badge>
              </Td>
              <Td>
                {invoice.hostedInvoiceUrl && (
                  <a className="text-brand-700 underline underline-offset-2" href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                    View
                  </a>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
