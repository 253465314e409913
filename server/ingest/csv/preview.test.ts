import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { previewImport } from "./preview";

const org = { timeZone: "Europe/Berlin" };
const NOW = new Date("2026-03-10T12:00:00Z");
const bytes = (text: string) => Buffer.from(text);

describe("previewImport", () => {
  it("suggests a mapping and says per row what it becomes or why it is rejected", async () => {
    const csv = "Order Number,Customer ID,Order Date,Total\nA1,c1,2026-03-01 10:00,12.50\nA2,c2,2026-03-01 10:05,abc\nA3,c3,2099-01-01 00:00,5\n";
    const result = await previewImport({ format: "orders", head: bytes(csv), complete: true }, org, NOW);
    expect(result.problems).toEqual([]);
    expect(result.delimiter).toBe(",");
    expect(result.headers).toEqual(["Order Number", "Customer ID", "Order Date", "Total"]);
    expect(result.mapping).toMatchObject({ format: "orders", columns: { orderId: "Order Number", customerId: "Customer ID", timestamp: "Order Date", total: "Total" }, timeZone: "Europe/Berlin" });
    expect(result.rows).toEqual([
      { line: 2, events: [{ type: "order.placed", customerId: "c1", anonymousId: null, timestamp: "2026-03-01T09:00:00.000Z", properties: { orderId: "A1", total: 12.5 } }], problems: [] },
      { line: 3, events: [], problems: [{ code: "invalid_number", message: 'column "Total": "abc" is not a number' }] },
      // validateEvent's own rules apply before upload, too.
      { line: 4, events: [], problems: [{ code: "future_timestamp", message: expect.stringContaining("more than 1 hour in the future") }] },
    ]);
  });

  it("names required fields that have no column, and unknown columns of a given mapping", async () => {
    const csv = "order,amount\nA1,3\n";
    const auto = await previewImport({ format: "orders", head: bytes(csv), complete: true }, org, NOW);
    expect(auto.problems).toEqual(["Choose the column for Placed at: it is required."]);
    expect(auto.rows).toEqual([]);
    const given = await previewImport({ format: "orders", head: bytes(csv), complete: true, mapping: { columns: { orderId: "order", total: "amount", timestamp: "Date" }, extra: [] } }, org, NOW);
    expect(given.problems).toEqual(['The file has no column "Date" (chosen for Placed at). Its columns are: "order", "amount".']);
  });

  it("asks for the day/month order when mapped dates are slashed", async () => {
    const csv = "order,date,total\nA1,03/02/2026,5\n";
    const mapping = { columns: { orderId: "order", timestamp: "date", total: "total" }, extra: [] };
    const unsure = await previewImport({ format: "orders", head: bytes(csv), complete: true, mapping }, org, NOW);
    expect(unsure.needsDateOrder).toBe(true);
    expect(unsure.rows[0]!.problems[0]!.code).toBe("invalid_timestamp");
    const sure = await previewImport({ format: "orders", head: bytes(csv), complete: true, mapping: { ...mapping, dateOrder: "dmy" } }, org, NOW);
    expect(sure.needsDateOrder).toBe(false);
    expect(sure.rows[0]!.events[0]!.timestamp).toBe("2026-02-02T23:00:00.000Z");
  });

  it("reports a file that is not CSV text instead of rows", async () => {
    const result = await previewImport({ format: "orders", head: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), complete: false }, org, NOW);
    expect(result.problems).toEqual([expect.stringContaining("Excel workbook")]);
    expect(await previewImport({ format: "orders", head: bytes(""), complete: true }, org, NOW)).toMatchObject({ problems: ["The file is empty."] });
  });

  it("leaves out the cut last row of a slice and previews at most 20 rows", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `A${i},c,2026-03-01 10:00,${i}`);
    const csv = `order_id,customer_id,date,total\n${lines.join("\n")}`;
    const cut = csv.slice(0, csv.indexOf("A5,") + 4);
    const partial = await previewImport({ format: "orders", head: bytes(cut), complete: false }, org, NOW);
    expect(partial.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    const full = await previewImport({ format: "orders", head: bytes(csv), complete: true }, org, NOW);
    expect(full.rows).toHaveLength(20);
    expect(full.sample).toHaveLength(10);
  });

  it("previews the Shopify fixture with its problems before any upload", async () => {
    const fixture = readFileSync(path.join(import.meta.dirname, "fixtures/shopify-orders.csv"));
    const result = await previewImport({ format: "shopify-orders", head: fixture, complete: true }, org, NOW);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.events.map((e) => e.type).join("+"), r.problems.map((p) => p.code).join("+")])).toEqual([
      [2, "order.placed", ""],
      [5, "order.placed+order.refunded", ""],
      [6, "order.placed+order.canceled+order.refunded", ""],
      [7, "order.placed", ""],
      [8, "", "invalid_property"],
      [9, "order.placed", ""],
      [10, "", "invalid_number"],
    ]);
  });
});
