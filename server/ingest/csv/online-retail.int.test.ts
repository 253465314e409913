import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, importErrors, orderRefunds, orders } from "@/db/schema";
import { insertOrganization } from "@/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { processImportJob } from "./process";
import { stageImport } from "./testing";

// The real data set of shared/data (28,816 invoices), beside the repository.
const FILE = path.resolve(import.meta.dirname, "../../../../shared/data/online_retail_ii_2009_2010_invoices.csv");
const MAPPING = {
  format: "online-retail-ii",
  timeZone: "UTC",
  columns: { orderId: "invoice", customerId: "customer_id", timestamp: "invoice_datetime", total: "amount", cancellation: "is_cancellation", country: "country", lines: "n_lines", quantity: "total_quantity" },
};

interface Invoice {
  invoice: string;
  customer: string;
  pence: number;
  credit: boolean;
}

/**
 * What the preset's description promises, computed here from the CSV on its own (a plain split: the
 * file has no quotes), to compare with what the import stored.
 */
function expectedFrom(text: string) {
  const invoices: Invoice[] = text
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [invoice, customer, , , , , amount, isCancellation] = line.split(",");
      return { invoice: invoice!, customer: customer!, pence: Math.round(Number(amount) * 100), credit: isCancellation === "1" };
    });
  const sales = invoices.filter((i) => !i.credit && (i.pence > 0 || (i.pence === 0 && i.customer !== "")));
  const notSales = invoices.filter((i) => !i.credit && !sales.includes(i));
  const open = new Map<string, { invoice: string; left: number }[]>();
  let refundEvents = 0;
  let refundedPence = 0;
  let unmatched = 0;
  const refundCustomers = new Set<string>();
  for (const i of invoices) {
    if (!i.credit) {
      if (i.customer && i.pence > 0) {
        const list = open.get(i.customer) ?? [];
        list.push({ invoice: i.invoice, left: i.pence });
        open.set(i.customer, list.slice(-20));
      }
      continue;
    }
    let need = Math.abs(i.pence);
    let matched = 0;
    for (const order of [...(i.customer ? (open.get(i.customer) ?? []) : [])].reverse()) {
      const take = Math.min(need, order.left);
      if (take <= 0) continue;
      order.left -= take;
      need -= take;
      refundedPence += take;
      matched++;
      if (need === 0) break;
    }
    if (i.customer) open.set(i.customer, (open.get(i.customer) ?? []).filter((o) => o.left > 0));
    if (matched === 0) unmatched++;
    else refundCustomers.add(i.customer);
    refundEvents += matched;
  }
  return {
    rows: invoices.length,
    orders: sales.length,
    guestOrders: sales.filter((i) => i.customer === "").length,
    orderPence: sales.reduce((sum, i) => sum + i.pence, 0),
    notSales: notSales.length,
    refundEvents,
    refundedPence,
    unmatched,
    customers: new Set([...sales.filter((i) => i.customer).map((i) => i.customer), ...refundCustomers]).size,
  };
}

let tdb: TestDatabase;
let dir: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "aftercart-retail-"));
});
afterAll(async () => {
  await tdb.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the Online Retail II invoices preset on the real file", () => {
  it("imports every invoice as its description says, and nothing twice the second time", { timeout: 600_000 }, async () => {
    const text = await readFile(FILE, "utf8");
    const expected = expectedFrom(text);
    // Sanity of the independent count against the data set's README.
    expect(expected.rows).toBe(28_816);
    expect(expected.orders).toBe(20_953);

    const org = await insertOrganization(tdb.db, { currency: "EUR", timeZone: "Europe/Berlin" });
    const first = await stageImport(tdb.db, { orgId: org.id, userId: null, directory: dir, csv: text, mapping: MAPPING });
    const job = await processImportJob(tdb.db, org.id, first.id, { filePath: first.filePath });
    expect(job).toMatchObject({
      status: "succeeded",
      rowsRead: expected.rows,
      accepted: expected.orders + expected.refundEvents,
      duplicates: 0,
      rejected: expected.notSales + expected.unmatched,
    });

    const [stored] = await tdb.db
      .select({
        n: sql<number>`count(*)::int`,
        guests: sql<number>`count(*) filter (where ${orders.customerId} is null)::int`,
        pence: sql<string>`sum(${orders.totalMinor})`,
        refunded: sql<string>`sum(${orders.refundedMinor})`,
        gbp: sql<number>`count(*) filter (where ${orders.currency} = 'GBP')::int`,
      })
      .from(orders)
      .where(eq(orders.orgId, org.id));
    expect(stored).toEqual({ n: expected.orders, guests: expected.guestOrders, pence: String(expected.orderPence), refunded: String(expected.refundedPence), gbp: expected.orders });
    expect(await tdb.db.$count(orderRefunds, eq(orderRefunds.orgId, org.id))).toBe(expected.refundEvents);
    expect(await tdb.db.$count(customers, eq(customers.orgId, org.id))).toBe(expected.customers);
    const reasons = await tdb.db
      .select({ code: importErrors.code, n: sql<number>`count(*)::int` })
      .from(importErrors)
      .where(and(eq(importErrors.orgId, org.id), eq(importErrors.importId, first.id)))
      .groupBy(importErrors.code)
      .orderBy(importErrors.code);
    expect(reasons).toEqual([
      { code: "not_a_sale", n: expected.notSales },
      { code: "unmatched_credit_note", n: expected.unmatched },
    ]);
    // Times are read as UTC: the first invoice, 2009-12-01 07:45:00.
    const [firstOrder] = await tdb.db.select({ placedAt: orders.placedAt }).from(orders).where(and(eq(orders.orgId, org.id), eq(orders.orderId, "489434")));
    expect(firstOrder!.placedAt.toISOString()).toBe("2009-12-01T07:45:00.000Z");

    const again = await stageImport(tdb.db, { orgId: org.id, userId: null, directory: dir, csv: text, mapping: MAPPING });
    const second = await processImportJob(tdb.db, org.id, again.id, { filePath: again.filePath });
    expect(second).toMatchObject({ status: "succeeded", accepted: 0, duplicates: expected.orders + expected.refundEvents, rejected: expected.notSales + expected.unmatched });
    expect(await tdb.db.$count(orderRefunds, eq(orderRefunds.orgId, org.id))).toBe(expected.refundEvents);
  });
});
