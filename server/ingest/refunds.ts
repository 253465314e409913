import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db";
import { orderRefunds, orders } from "@/db/schema";
import { toMinorUnits } from "@/lib/money";

/**
 * Recomputes what each refund of these orders applies, in timestamp order (ties by arrival): a refund
 * without an amount takes what is left, one above what is left is capped. Run whenever a refund or its
 * order arrives, so the result never depends on the order of arrival.
 */
export async function recomputeRefunds(tx: Executor, orgId: string, orderIds: string[]): Promise<void> {
  const placed = await tx
    .select({ orderId: orders.orderId, totalMinor: orders.totalMinor, currency: orders.currency, refundedMinor: orders.refundedMinor })
    .from(orders)
    .where(and(eq(orders.orgId, orgId), inArray(orders.orderId, orderIds)));
  if (placed.length === 0) return;
  const refunds = await tx
    .select({ eventId: orderRefunds.eventId, orderId: orderRefunds.orderId, amount: orderRefunds.amount, appliedMinor: orderRefunds.appliedMinor })
    .from(orderRefunds)
    .where(and(eq(orderRefunds.orgId, orgId), inArray(orderRefunds.orderId, placed.map((o) => o.orderId))))
    .orderBy(asc(orderRefunds.refundedAt), asc(orderRefunds.eventId));

  for (const order of placed) {
    let left = order.totalMinor;
    for (const refund of refunds.filter((r) => r.orderId === order.orderId)) {
      const wanted = refund.amount === null ? left : toMinorUnits(Number(refund.amount), order.currency);
      const applied = Math.min(wanted, left);
      left -= applied;
      if (refund.appliedMinor !== applied) {
        await tx
          .update(orderRefunds)
          .set({ appliedMinor: applied })
          .where(and(eq(orderRefunds.orgId, orgId), eq(orderRefunds.eventId, refund.eventId)));
      }
    }
    if (order.refundedMinor !== order.totalMinor - left) {
      await tx
        .update(orders)
        .set({ refundedMinor: order.totalMinor - left })
        .where(and(eq(orders.orgId, orgId), eq(orders.orderId, order.orderId)));
    }
  }
}
