import { RowProblem } from "../cells";
import { csvEventId } from "../event-ids";
import { compact, csvEvent, eachRow } from "../rows";
import { customerIdOf, guestId } from "./identity";
import { ANONYMOUS_ID, CUSTOMER_ID, TIMESTAMP } from "./shared-fields";
import type { FormatSpec } from "./types";

export const ordersFormat: FormatSpec = {
  id: "orders",
  kind: "orders",
  label: "Orders",
  description:
    "One row per order. Each row becomes an order.placed event; an order already in Aftercart (the same order ID) is a duplicate " +
    "and changes nothing. Orders without a customer are kept as guest orders (they count in order totals, not per customer).",
  preset: false,
  extraTarget: "properties",
  fields: [
    {
      key: "orderId",
      label: "Order ID",
      required: true,
      synonyms: ["order_id", "order", "order number", "order no", "order name", "invoice", "invoice no", "invoice number", "transaction id"],
    },
    CUSTOMER_ID,
    ANONYMOUS_ID,
    {
      ...TIMESTAMP,
      label: "Placed at",
      required: true,
      synonyms: ["order date", "placed at", "created at", "date", "timestamp", "purchase date", "invoice date", "order time", "time", "datetime", "created"],
    },
    {
      key: "total",
      label: "Total",
      required: true,
      hint: "What the customer paid after discounts, including shipping and tax.",
      synonyms: ["order total", "grand total", "total price", "total amount", "amount", "total charges", "revenue", "order value", "value"],
    },
    { key: "currency", label: "Currency", hint: "ISO code (EUR, USD). Empty: the organisation's currency.", synonyms: ["currency code", "curr"] },
    { key: "discount", label: "Discount", synonyms: ["discount amount", "discounts", "total discount", "total discounts"] },
    { key: "shipping", label: "Shipping", synonyms: ["shipping cost", "shipping amount", "shipping price", "delivery", "delivery cost"] },
    { key: "tax", label: "Tax", synonyms: ["taxes", "vat", "tax amount", "total tax"] },
    { key: "coupon", label: "Coupon", synonyms: ["discount code", "promo code", "voucher", "coupon code"] },
    { key: "sustainable", label: "Sustainable", hint: "yes/no: the order has an eco item.", synonyms: ["eco", "is sustainable"] },
    { key: "items", label: "Items (JSON)", hint: 'A JSON array: [{"productId":"p1","quantity":2,"price":9.5}].', synonyms: ["line items", "products"] },
    { key: "checkoutId", label: "Checkout ID", synonyms: ["checkout", "cart id", "cart token"] },
  ],
  createMapper: (ctx) =>
    eachRow(ctx, (row) => {
      const orderId = row.required("orderId");
      const total = row.requiredDecimal("total");
      const items = row.json("items");
      if (items !== undefined && !Array.isArray(items)) {
        throw new RowProblem("invalid_items", `column ${JSON.stringify(row.header("items"))} must be a JSON array of items`);
      }
      const customerId = customerIdOf(row);
      const anonymousId = row.text("anonymousId");
      return [
        csvEvent({
          id: csvEventId("orders", { orderId }),
          type: "order.placed",
          customerId,
          anonymousId: anonymousId ?? (customerId ? undefined : guestId(orderId)),
          timestamp: row.requiredTimestamp("timestamp"),
          properties: compact({
            ...row.extras(),
            orderId,
            total,
            currency: row.text("currency"),
            discount: row.decimal("discount"),
            shipping: row.decimal("shipping"),
            tax: row.decimal("tax"),
            coupon: row.text("coupon"),
            sustainable: row.boolean("sustainable"),
            items,
            checkoutId: row.text("checkoutId"),
          }),
        }),
      ];
    }),
};
