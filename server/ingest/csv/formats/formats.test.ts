import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { validateEvent } from "@/server/ingest/validate";
import { autoMap } from "../fields";
import { importMappingSchema, mappingProblems, resolveMapping } from "../mapping";
import { readCsv } from "../reader";
import type { MapperOutput } from "../rows";
import { formatById, type FormatId } from ".";

const NOW = new Date("2026-03-10T12:00:00Z");

/** Runs a file through a format as the import does, minus the database. */
async function mapCsv(format: FormatId, csv: string, overrides: { columns?: Record<string, string>; extra?: string[]; timeZone?: string } = {}) {
  const records = [];
  for await (const r of readCsv(Readable.from([Buffer.from(csv)]))) records.push(r);
  const [header, ...rows] = records;
  const headers = header!.cells;
  const spec = formatById(format);
  const mapping = importMappingSchema.parse({ format, columns: overrides.columns ?? autoMap(spec.fields, headers), extra: overrides.extra ?? [] });
  expect(mappingProblems(spec, mapping, headers)).toEqual([]);
  const mapper = spec.createMapper({ ...resolveMapping(mapping, headers), timestamps: { timeZone: overrides.timeZone ?? "UTC" }, now: NOW });
  const out: MapperOutput[] = [];
  for (const row of rows) out.push(...mapper.push(row.cells, row.line));
  out.push(...mapper.end());
  return out;
}

const events = (out: MapperOutput[]) => out.flatMap((o) => ("event" in o ? [o.event] : []));
const problems = (out: MapperOutput[]) => out.flatMap((o) => ("problem" in o ? [{ line: o.line, ...o.problem }] : []));

function expectValid(out: MapperOutput[]) {
  for (const event of events(out)) {
    const result = validateEvent(event, { now: NOW });
    expect(result.ok ? null : result, JSON.stringify(event)).toBeNull();
  }
}

describe("customers", () => {
  it("makes customer.identified with traits, lower-casing an email used as the id", async () => {
    const out = await mapCsv("customers", "Email,First Name,Last Name,Country,Signup Date,Loyalty Tier\nAna@Example.com,Ana,Lima,DE,2025-01-02,gold\n", {
      columns: { customerId: "Email", email: "Email", firstName: "First Name", lastName: "Last Name", country: "Country", createdAt: "Signup Date" },
      extra: ["Loyalty Tier"],
    });
    expect(events(out)).toEqual([
      {
        id: expect.stringMatching(/^csv:customers:[0-9a-f]{64}$/),
        type: "customer.identified",
        customerId: "ana@example.com",
        timestamp: "2025-01-02T00:00:00.000Z",
        properties: {
          traits: { email: "Ana@Example.com", name: "Ana Lima", firstName: "Ana", lastName: "Lima", country: "DE", createdAt: "2025-01-02T00:00:00.000Z", loyaltyTier: "gold" },
        },
      },
    ]);
    expectValid(out);
  });

  it("stamps rows without a time with the import's start, leaving it out of the id", async () => {
    const csv = "customer_id,plan\nc1,pro\n";
    const [first] = events(await mapCsv("customers", csv));
    expect(first).toMatchObject({ customerId: "c1", timestamp: NOW.toISOString(), properties: { traits: { plan: "pro" } } });
    const again = events(await mapCsv("customers", csv))[0];
    expect(again!.id).toBe(first!.id);
    const changed = events(await mapCsv("customers", "customer_id,plan\nc1,team\n"))[0];
    expect(changed!.id).not.toBe(first!.id);
  });

  it("rejects a row without a customer id, by line", async () => {
    expect(problems(await mapCsv("customers", "customer_id,email\n,x@example.com\nc2,y@example.com\n"))).toEqual([
      { line: 2, code: "missing_value", message: 'column "customer_id" is empty' },
    ]);
  });
});

describe("orders", () => {
  it("makes order.placed with money, items and guest orders", async () => {
    const csv = [
      "order_id,customer,date,total,currency,discount,shipping,tax,coupon,eco,items,Channel",
      'A1,c1,2026-03-01 10:00,"1.234,50",eur,10,4.90,0,SPRING,yes,"[{""productId"":""p1"",""quantity"":2,""price"":9.5}]",web',
      "A2,,2026-03-02T11:00:00+01:00,12,,,,,,,,",
    ].join("\n");
    const out = await mapCsv("orders", csv, {
      columns: { orderId: "order_id", customerId: "customer", timestamp: "date", total: "total", currency: "currency", discount: "discount", shipping: "shipping", tax: "tax", coupon: "coupon", sustainable: "eco", items: "items" },
      extra: ["Channel"],
      timeZone: "Europe/Berlin",
    });
    expect(events(out)).toEqual([
      {
        id: expect.stringMatching(/^csv:orders:/),
        type: "order.placed",
        customerId: "c1",
        timestamp: "2026-03-01T09:00:00.000Z",
        properties: { orderId: "A1", total: 1234.5, currency: "eur", discount: 10, shipping: 4.9, tax: 0, coupon: "SPRING", sustainable: true, items: [{ productId: "p1", quantity: 2, price: 9.5 }], channel: "web" },
      },
      { id: expect.stringMatching(/^csv:orders:/), type: "order.placed", anonymousId: "anon:A2", timestamp: "2026-03-02T10:00:00.000Z", properties: { orderId: "A2", total: 12 } },
    ]);
    expectValid(out);
  });

  it("identifies an order by its order id only, so a re-export with other values is the same order", async () => {
    const a = events(await mapCsv("orders", "order_id,date,total\nA1,2026-03-01,10\n"))[0]!;
    const b = events(await mapCsv("orders", "order_id,date,total,customer_id\nA1,2026-03-02,12,c9\n"))[0]!;
    expect(a.id).toBe(b.id);
  });

  it("rejects unreadable cells with the column and the value", async () => {
    const out = await mapCsv("orders", "order_id,date,total,items\nA1,2026-03-01,12x,\nA2,tomorrow,5,\nA3,2026-03-01,5,{}\n,2026-03-01,5,\n");
    expect(problems(out)).toEqual([
      { line: 2, code: "invalid_number", message: 'column "total": "12x" is not a number' },
      { line: 3, code: "invalid_timestamp", message: expect.stringContaining('column "date": "tomorrow" is not a date') },
      { line: 4, code: "invalid_items", message: 'column "items" must be a JSON array of items' },
      { line: 5, code: "missing_value", message: 'column "order_id" is empty' },
    ]);
  });
});

describe("events", () => {
  it("types mapped property columns as the taxonomy wants them", async () => {
    const csv = "type,user,when,kind,score,comment,productId\nsurvey.responded,c1,2026-03-01T10:00:00Z,nps,9,Great,\nproduct.viewed,c1,2026-03-01T10:01:00Z,,,,00123\n";
    const out = await mapCsv("events", csv, { columns: { type: "type", customerId: "user", timestamp: "when" }, extra: ["kind", "score", "comment", "productId"] });
    expect(events(out).map((e) => e.properties)).toEqual([{ kind: "nps", score: 9, comment: "Great" }, { productId: "00123" }]);
    expectValid(out);
  });

  it("merges a JSON properties column with kept columns, and uses an id column as the event id", async () => {
    const csv = 'id,type,anonymous_id,time,properties,path\nev1,page.viewed,a1,2026-03-01T10:00:00Z,"{""referrer"":""google""}",/pricing\n';
    const out = await mapCsv("events", csv, { columns: { id: "id", type: "type", anonymousId: "anonymous_id", timestamp: "time", properties: "properties" }, extra: ["path"] });
    expect(events(out)).toEqual([{ id: "ev1", type: "page.viewed", anonymousId: "a1", timestamp: "2026-03-01T10:00:00.000Z", properties: { referrer: "google", path: "/pricing" } }]);
  });

  it("without an id column, gives equal rows equal ids and different rows different ones", async () => {
    const csv = "type,customer_id,time,plan\ntrial.started,c1,2026-03-01T10:00:00Z,pro\ntrial.started,c1,2026-03-01T10:00:00Z,pro\ntrial.started,c2,2026-03-01T10:00:00Z,pro\n";
    const ids = events(await mapCsv("events", csv, { columns: { type: "type", customerId: "customer_id", timestamp: "time" }, extra: ["plan"] })).map((e) => e.id);
    expect(ids[0]).toMatch(/^csv:events:[0-9a-f]{64}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it("rejects a properties cell that is not a JSON object, and a taxonomy number that is not one", async () => {
    const csv = 'type,customer_id,time,properties,score\npage.viewed,c1,2026-03-01T10:00:00Z,"[1]",\nsurvey.responded,c1,2026-03-01T10:00:00Z,"{""kind"":""nps""}",ten\n';
    const out = await mapCsv("events", csv, { columns: { type: "type", customerId: "customer_id", timestamp: "time", properties: "properties" }, extra: ["score"] });
    expect(problems(out).map((p) => [p.line, p.code])).toEqual([
      [2, "invalid_properties"],
      [3, "invalid_number"],
    ]);
  });
});

describe("Shopify orders export preset", () => {
  const fixture = readFileSync(path.join(import.meta.dirname, "../fixtures/shopify-orders.csv"), "utf8");

  it("groups line items under the order's first line and adds cancellations and refunds", async () => {
    const out = await mapCsv("shopify-orders", fixture, { timeZone: "Europe/Berlin" });
    const byLine = out.map((o) => [o.line, "event" in o ? `${o.event.type} ${o.event.properties.orderId}` : `problem ${o.problem.code}`]);
    expect(byLine).toEqual([
      [2, "order.placed #1001"],
      [5, "order.placed #1002"],
      [5, "order.refunded #1002"],
      [6, "order.placed #1003"],
      [6, "order.canceled #1003"],
      [6, "order.refunded #1003"],
      [7, "order.placed #1004"],
      [8, "order.placed #1005"],
      [9, "order.placed #1006"],
      [10, "problem invalid_number"],
    ]);
    const [first] = events(out);
    expect(first).toEqual({
      id: expect.stringMatching(/^csv:orders:/),
      type: "order.placed",
      customerId: "ana.lima@example.com",
      timestamp: "2024-03-05T13:22:10.000Z",
      properties: {
        orderId: "#1001",
        total: 85,
        subtotal: 90,
        currency: "EUR",
        discount: 10,
        shipping: 5,
        tax: 13.57,
        coupon: "WELCOME10",
        financialStatus: "paid",
        shopifyOrderId: "5609071264001",
        items: [
          { productId: "TEE-SAND-M", name: "Organic Cotton Tee - M / Sand", quantity: 2, price: 30 },
          { productId: "BEANIE-GREY", name: "Recycled Wool Beanie", quantity: 1, price: 30 },
        ],
      },
    });
    const all = events(out);
    expect(all.find((e) => e.type === "order.refunded" && e.properties.orderId === "#1002")).toMatchObject({ customerId: "ben@example.com", timestamp: "2024-03-06T08:00:41.000Z", properties: { amount: 20 } });
    expect(all.find((e) => e.type === "order.canceled")).toMatchObject({ customerId: "ana.lima@example.com", timestamp: "2024-03-07T08:00:00.000Z" });
    expect(all.find((e) => e.type === "order.refunded" && e.properties.orderId === "#1003")).toMatchObject({ timestamp: "2024-03-07T08:00:00.000Z", properties: { amount: 49 } });
    expect(all.find((e) => e.properties.orderId === "#1004")).toMatchObject({ anonymousId: "anon:#1004" });
    expect(all.find((e) => e.properties.orderId === "#1006")!.properties.items).toEqual([{ productId: "SOCKS-3", name: "Bamboo Socks (3 pack)", quantity: 1, price: 24 }]);
    expect(problems(out)).toEqual([{ line: 10, code: "invalid_number", message: 'order #1006, line item left out: column "Lineitem quantity": "two" is not a number' }]);
    // #1005's currency "EURO" is for validateEvent to refuse, as for any source.
    expect(all.filter((e) => !validateEvent(e, { now: NOW }).ok).map((e) => e.properties.orderId)).toEqual(["#1005"]);
  });

  it("rejects an order whose first line cannot be read, and keeps its item lines from becoming orders", async () => {
    const csv = "Name,Email,Created at,Total,Lineitem quantity,Lineitem sku\n#1,a@x.io,2024-01-01 10:00:00 +0000,abc,1,S1\n#1,a@x.io,,,2,S2\n#2,b@x.io,2024-01-02 10:00:00 +0000,5,1,S3\n";
    const out = await mapCsv("shopify-orders", csv);
    expect(problems(out)).toEqual([{ line: 2, code: "invalid_number", message: 'order #1: column "Total": "abc" is not a number' }]);
    expect(events(out).map((e) => e.properties.orderId)).toEqual(["#2"]);
  });
});

describe("Online Retail II preset", () => {
  const header = "invoice,customer_id,invoice_datetime,country,n_lines,total_quantity,amount,is_cancellation";

  it("makes orders in GBP read as UTC, guest orders without a customer, and rejects non-sales", async () => {
    const csv = [header, "489434,13085,2009-12-01 07:45:00,United Kingdom,8,166,505.30,0", "489464,,2009-12-01 10:52:00,United Kingdom,1,-96,0.00,0", "489465,,2009-12-01 10:53:00,United Kingdom,3,10,20.50,0", "A506401,,2010-04-29 13:36:00,United Kingdom,1,1,-53594.36,0"].join("\n");
    const out = await mapCsv("online-retail-ii", csv);
    expect(events(out)).toEqual([
      {
        id: expect.stringMatching(/^csv:orders:/),
        type: "order.placed",
        customerId: "13085",
        timestamp: "2009-12-01T07:45:00.000Z",
        properties: { orderId: "489434", total: 505.3, currency: "GBP", country: "United Kingdom", lines: 8, quantity: 166 },
      },
      expect.objectContaining({ anonymousId: "anon:489465", properties: expect.objectContaining({ orderId: "489465", total: 20.5 }) }),
    ]);
    expect(problems(out).map((p) => [p.line, p.code])).toEqual([
      [3, "not_a_sale"],
      [5, "not_a_sale"],
    ]);
    expectValid(out);
  });

  it("turns a credit note into refunds of the customer's latest earlier invoices, latest first", async () => {
    const csv = [
      header,
      "1,7,2010-01-01 10:00:00,UK,1,1,30.00,0",
      "2,7,2010-01-02 10:00:00,UK,1,1,20.00,0",
      "3,8,2010-01-02 11:00:00,UK,1,1,99.00,0",
      "C4,7,2010-01-03 10:00:00,UK,1,-1,-25.00,1",
      "C5,7,2010-01-04 10:00:00,UK,1,-1,-40.00,1",
      "C6,9,2010-01-04 10:00:00,UK,1,-1,-5.00,1",
      "C7,,2010-01-04 10:00:00,UK,1,-1,-5.00,1",
    ].join("\n");
    const out = await mapCsv("online-retail-ii", csv);
    const refunds = events(out)
      .filter((e) => e.type === "order.refunded")
      .map((e) => [e.properties.creditNote, e.properties.orderId, e.properties.amount, e.timestamp]);
    expect(refunds).toEqual([
      ["C4", "2", 20, "2010-01-03T10:00:00.000Z"],
      ["C4", "1", 5, "2010-01-03T10:00:00.000Z"],
      // 25 of invoice 1 are left: the rest of C5 (15) has nothing to refund and is not counted.
      ["C5", "1", 25, "2010-01-04T10:00:00.000Z"],
    ]);
    expect(problems(out).map((p) => [p.line, p.code, p.message])).toEqual([
      [7, "unmatched_credit_note", expect.stringContaining("customer 9, 5.00 GBP")],
      [8, "unmatched_credit_note", expect.stringContaining("has no customer")],
    ]);
    const ids = events(out).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expectValid(out);
  });
});
