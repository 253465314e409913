import { RowProblem } from "../cells";
import { csvEventId } from "../event-ids";
import { compact, csvEvent, Row, type CsvEvent, type MapperContext, type MapperOutput, type RowMapper } from "../rows";
import { customerIdOf, guestId } from "./identity";
import type { FormatSpec } from "./types";

/** An order being read: its first line, and the items of it and of the lines that follow with the same Name. */
interface OpenOrder {
  name: string;
  line: number;
  first: Row;
  items: Record<string, unknown>[];
  /** Problems of item lines: reported on their own lines, the order is kept without those items. */
  itemProblems: MapperOutput[];
}

function itemOf(row: Row): Record<string, unknown> | null {
  const sku = row.text("itemSku");
  const name = row.text("itemName");
  if (!sku && !name) return null;
  return compact({
    productId: (sku ?? name)!.slice(0, 128),
    name,
    quantity: row.decimal("itemQuantity"),
    price: row.decimal("itemPrice"),
  });
}

function eventsOf(order: OpenOrder): CsvEvent[] {
  const row = order.first;
  const orderId = order.name;
  const total = row.requiredDecimal("total");
  const placedAt = row.requiredTimestamp("timestamp");
  const customerId = customerIdOf(row);
  const who = customerId ? { customerId } : { anonymousId: guestId(orderId) };
  const events: CsvEvent[] = [
    csvEvent({
      id: csvEventId("orders", { orderId }),
      type: "order.placed",
      ...who,
      timestamp: placedAt,
      properties: compact({
        orderId,
        total,
        subtotal: row.decimal("subtotal"),
        currency: row.text("currency"),
        discount: row.decimal("discount"),
        shipping: row.decimal("shipping"),
        tax: row.decimal("tax"),
        coupon: row.text("coupon"),
        items: order.items.length ? order.items : undefined,
        financialStatus: row.text("financialStatus"),
        shopifyOrderId: row.text("shopifyId"),
      }),
    }),
  ];
  const canceledAt = row.timestamp("canceledAt");
  if (canceledAt) {
    events.push(
      csvEvent({ id: csvEventId("orders", { orderId, canceled: true }), type: "order.canceled", ...who, timestamp: canceledAt, properties: { orderId, reason: "Cancelled in Shopify" } }),
    );
  }
  const refunded = row.decimal("refundedAmount");
  if (refunded !== undefined && refunded > 0) {
    events.push(
      csvEvent({
        // Keyed by the order alone: the column is the order's refunded total, not one refund.
        id: csvEventId("orders", { orderId, refunded: true }),
        type: "order.refunded",
        ...who,
        timestamp: canceledAt ?? placedAt,
        properties: { orderId, amount: refunded, reason: "Refunded in Shopify" },
      }),
    );
  }
  return events;
}

function shopifyMapper(ctx: MapperContext): RowMapper {
  let open: OpenOrder | null = null;

  const close = (): MapperOutput[] => {
    if (!open) return [];
    const order = open;
    open = null;
    try {
      return [...eventsOf(order).map((event) => ({ line: order.line, event })), ...order.itemProblems];
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      return [{ line: order.line, problem: { code: error.code, message: `order ${order.name}: ${error.message}` } }, ...order.itemProblems];
    }
  };

  const addItem = (order: OpenOrder, row: Row, line: number) => {
    try {
      const item = itemOf(row);
      if (item) order.items.push(item);
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      order.itemProblems.push({ line, problem: { code: error.code, message: `order ${order.name}, line item left out: ${error.message}` } });
    }
  };

  return {
    push(cells, line) {
      const row = new Row(cells, ctx);
      const name = row.text("orderId");
      if (!name) return [...close(), { line, problem: { code: "missing_value", message: `column ${JSON.stringify(row.header("orderId"))} is empty` } }];
      // Lines of one order follow each other; a Name seen again later starts a new (duplicate) order.
      const out = open?.name === name ? [] : close();
      open ??= { name, line, first: row, items: [], itemProblems: [] };
      addItem(open, row, line);
      return out;
    },
    end: close,
  };
}

export const shopifyOrdersFormat: FormatSpec = {
  id: "shopify-orders",
  kind: "orders",
  label: "Shopify orders export",
  description:
    "Shopify's order export (Orders → Export): one line per line item; the totals are on each order's first line and the lines " +
    "that follow with the same Name add its items. Name (#1001) is the order ID. The customer is the Customer ID column when the " +
    "file has one, else the Email (lower-cased), else the order is a guest order. Cancelled at adds an order.canceled at that time. " +
    "Refunded Amount above 0 adds an order.refunded of that amount, dated at the cancellation if there is one, else at the order " +
    "(the export has no refund date); it is read once per order, so a later export with a larger refund adds nothing — send later " +
    "refunds through the API.",
  preset: true,
  extraTarget: null,
  fields: [
    { key: "orderId", label: "Order (Name)", required: true, synonyms: ["Name"] },
    { key: "customerId", label: "Customer", hint: "Customer ID when the export has it, else Email.", synonyms: ["Customer ID", "Customer Id"], fallbacks: ["Email"] },
    { key: "timestamp", label: "Created at", required: true, synonyms: ["Created at"] },
    { key: "total", label: "Total", required: true, synonyms: ["Total"] },
    { key: "subtotal", label: "Subtotal", synonyms: ["Subtotal"] },
    { key: "currency", label: "Currency", synonyms: ["Currency"] },
    { key: "discount", label: "Discount Amount", synonyms: ["Discount Amount"] },
    { key: "coupon", label: "Discount Code", synonyms: ["Discount Code"] },
    { key: "shipping", label: "Shipping", synonyms: ["Shipping"] },
    { key: "tax", label: "Taxes", synonyms: ["Taxes"] },
    { key: "financialStatus", label: "Financial Status", synonyms: ["Financial Status"] },
    { key: "itemQuantity", label: "Lineitem quantity", synonyms: ["Lineitem quantity"] },
    { key: "itemName", label: "Lineitem name", synonyms: ["Lineitem name"] },
    { key: "itemPrice", label: "Lineitem price", synonyms: ["Lineitem price"] },
    { key: "itemSku", label: "Lineitem sku", synonyms: ["Lineitem sku"] },
    { key: "canceledAt", label: "Cancelled at", synonyms: ["Cancelled at"] },
    { key: "refundedAmount", label: "Refunded Amount", synonyms: ["Refunded Amount"] },
    { key: "shopifyId", label: "Id", hint: "Shopify's numeric order id, kept as shopifyOrderId.", synonyms: ["Id"] },
  ],
  createMapper: shopifyMapper,
};
