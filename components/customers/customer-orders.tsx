"use client";

import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { CUSTOMER_PAGE_SIZE } from "@/lib/customers/pages";
import { formatZonedDate } from "@/lib/events/zoned-time";
import { useTRPC } from "@/lib/trpc/client";
import { formatMinor } from "./money";
import type { CustomerOrder } from "./types";

function OrderStatus({ order }: { order: CustomerOrder }) {
  if (order.canceledAt) return <Badge tone="danger">Canceled</Badge>;
  if (order.refundedMinor > 0 && order.refundedMinor >= order.totalMinor) return <Badge tone="warning">Refunded</Badge>;
  if (order.refundedMinor > 0) return <Badge tone="warning">Partly refunded</Badge>;
  return <Badge>Placed</Badge>;
}

export function CustomerOrders({ orgSlug, customerId, timeZone }: { orgSlug: string; customerId: string; timeZone: string }) {
  const trpc = useTRPC();
  const orders = useSuspenseInfiniteQuery(
    trpc.customer.orders.infiniteQueryOptions({ orgSlug, customerId, limit: CUSTOMER_PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const rows = orders.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) return <EmptyState title="No orders">Orders appear with order.placed events for this customer.</EmptyState>;
  return (
    <>
      <Table>
        <thead>
          <tr>
            <Th>Order</Th>
            <Th className="hidden sm:table-cell">Placed</Th>
            <Th className="text-right">Total</Th>
            <Th className="hidden text-right sm:table-cell">Refunded</Th>
            <Th>Status</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((order) => (
            <tr key={order.orderId}>
              <Td className="max-w-48">
                <span className="block truncate font-mono text-xs">{order.orderId}</span>
                <span className="block text-xs text-muted sm:hidden">{formatZonedDate(order.placedAt, timeZone)}</span>
                {order.refunds.map((r, i) => (
                  <span key={i} className="block text-xs text-muted">
                    Refund {r.appliedMinor === null ? "pending" : formatMinor(r.appliedMinor, order.currency)} on {formatZonedDate(r.refundedAt, timeZone)}
                    {r.reason ? ` (${r.reason})` : ""}
                  </span>
                ))}
              </Td>
              <Td className="hidden whitespace-nowrap text-muted sm:table-cell">{formatZonedDate(order.placedAt, timeZone)}</Td>
              <Td className={`text-right tabular-nums whitespace-nowrap ${order.canceledAt ? "text-muted line-through" : ""}`}>
                {formatMinor(order.totalMinor, order.currency)}
              </Td>
              <Td className="hidden text-right tabular-nums whitespace-nowrap text-muted sm:table-cell">
                {order.refundedMinor ? formatMinor(order.refundedMinor, order.currency) : "—"}
              </Td>
              <Td className="whitespace-nowrap">
                <OrderStatus order={order} />
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {orders.hasNextPage && (
        <div className="border-t border-line px-5 py-3">
          <Button variant="secondary" size="sm" pending={orders.isFetchingNextPage} onClick={() => void orders.fetchNextPage()}>
            Load older orders
          </Button>
        </div>
      )}
    </>
  );
}
