import { toMinorUnits, fromMinorUnits } from "@/lib/money";
import { RowProblem } from "../cells";
import { csvEventId } from "../event-ids";
import { compact, csvEvent, eachRow, type CsvEvent, type MapperContext, type Row, type RowMapper } from "../rows";
import { customerIdOf, guestId } from "./identity";
import type { FormatSpec } from "./types";

const CURRENCY = "GBP";
/** Earlier invoices remembered per customer for credit notes: returns concern recent purchases. */
const HISTORY_PER_CUSTOMER = 20;

interface Refundable {
  orderId: string;
  leftMinor: number;
}

function money(minor: number): string {
  return `${fromMinorUnits(minor, CURRENCY).toFixed(2)} ${CURRENCY}`;
}

function retailMapper(ctx: MapperContext): RowMapper {
  // Per customer, invoices with money left to refund, oldest first. Bounded per customer, so memory
  // grows with the number of customers, never with the file.
  const history = new Map<string, Refundable[]>();

  const orderOf = (row: Row, invoice: string, amount: number, customerId: string | undefined, at: string): CsvEvent => {
    if (amount < 0) {
      throw new RowProblem("not_a_sale", `invoice ${invoice} has a negative amount (${amount}) and is no credit note: an accounting adjustment, not a sale`);
    }
    if (amount === 0 && !customerId) {
      throw new RowProblem("not_a_sale", `invoice ${invoice} has no customer and a zero amount: a stock adjustment, not a sale`);
    }
    if (customerId && amount > 0) {
      const list = history.get(customerId) ?? [];
      list.push({ orderId: invoice, leftMinor: toMinorUnits(amount, CURRENCY) });
      if (list.length > HISTORY_PER_CUSTOMER) list.shift();
      history.set(customerId, list);
    }
    return csvEvent({
      id: csvEventId("orders", { orderId: invoice }),
      type: "order.placed",
      ...(customerId ? { customerId } : { anonymousId: guestId(invoice) }),
      timestamp: at,
      properties: compact({
        orderId: invoice,
        total: amount,
        currency: CURRENCY,
        country: row.text("country"),
        lines: row.decimal("lines"),
        quantity: row.decimal("quantity"),
      }),
    });
  };

  const refundsOf = (creditNote: string, amount: number, customerId: string | undefined, at: string): CsvEvent[] => {
    if (!customerId) {
      throw new RowProblem("unmatched_credit_note", `credit note ${creditNote} has no customer: Aftercart cannot tell which order it refunds`);
    }
    let needMinor = toMinorUnits(Math.abs(amount), CURRENCY);
    const list = history.get(customerId) ?? [];
    const events: CsvEvent[] = [];
    for (let i = list.length - 1; i >= 0 && needMinor > 0; i--) {
      const order = list[i]!;
      const takeMinor = Math.min(needMinor, order.leftMinor);
      if (takeMinor <= 0) continue;
      order.leftMinor -= takeMinor;
      needMinor -= takeMinor;
      events.push(
        csvEvent({
          id: csvEventId("orders", { creditNote, orderId: order.orderId }),
          type: "order.refunded",
          customerId,
          timestamp: at,
          properties: { orderId: order.orderId, amount: fromMinorUnits(takeMinor, CURRENCY), reason: `credit note ${creditNote}`, creditNote },
        }),
      );
    }
    history.set(
      customerId,
      list.filter((o) => o.leftMinor > 0),
    );
    if (events.length === 0) {
      throw new RowProblem(
        "unmatched_credit_note",
        `credit note ${creditNote} (customer ${customerId}, ${money(toMinorUnits(Math.abs(amount), CURRENCY))}) matches no earlier invoice of this customer in the file with money left to refund`,
      );
    }
    return events;
  };

  const mapRow = (row: Row): CsvEvent[] => {
    const invoice = row.required("orderId");
    const amount = row.requiredDecimal("total");
    const at = row.requiredTimestamp("timestamp");
    const customerId = customerIdOf(row);
    const isCredit = row.boolean("cancellation") ?? /^C/i.test(invoice);
    return isCredit ? refundsOf(invoice, amount, customerId, at) : [orderOf(row, invoice, amount, customerId, at)];
  };

  return eachRow(ctx, mapRow);
}

export const onlineRetailFormat: FormatSpec = {
  id: "online-retail-ii",
  kind: "orders",
  label: "Online Retail II invoices",
  description:
    "The UCI Online Retail II data set, one row per invoice (invoice, customer_id, invoice_datetime, country, n_lines, " +
    "total_quantity, amount, is_cancellation). Times are UK local times and are read as UTC. Every invoice becomes an order " +
    "in GBP; invoices without a customer are kept as guest orders. Not sales, and rejected with that reason: zero-amount " +
    "invoices without a customer (stock adjustments) and negative invoices that are no credit note (bad-debt adjustments). " +
    "Credit notes (C…) do not say which invoice they refund: each becomes refunds of the same customer's most recent earlier " +
    "invoices, latest first, up to what is left of each; one without a customer, or with nothing earlier to refund, is rejected " +
    "with that reason, and what exceeds the earlier invoices is not counted. The file must be in time order, as published.",
  preset: true,
  extraTarget: null,
  timeZone: "UTC",
  fields: [
    { key: "orderId", label: "Invoice", required: true, synonyms: ["invoice"] },
    { key: "customerId", label: "Customer", synonyms: ["customer_id"] },
    { key: "timestamp", label: "Invoice time", required: true, synonyms: ["invoice_datetime"] },
    { key: "total", label: "Amount (GBP)", required: true, synonyms: ["amount"] },
    { key: "cancellation", label: "Is cancellation", hint: "Empty: an invoice starting with C is a credit note.", synonyms: ["is_cancellation"] },
    { key: "country", label: "Country", synonyms: ["country"] },
    { key: "lines", label: "Lines", synonyms: ["n_lines"] },
    { key: "quantity", label: "Quantity", synonyms: ["total_quantity"] },
  ],
  createMapper: retailMapper,
};
