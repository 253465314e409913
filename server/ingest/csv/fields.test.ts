import { describe, expect, it } from "vitest";
import { autoMap, normalizeHeader } from "./fields";
import { formatById } from "./formats";

const fieldsOf = (id: Parameters<typeof formatById>[0]) => formatById(id).fields;

describe("autoMap", () => {
  it("compares headers without case, spaces or punctuation", () => {
    expect(normalizeHeader("Customer ID")).toBe("customerid");
    expect(normalizeHeader("customer_id")).toBe("customerid");
    expect(normalizeHeader("Préférence")).toBe("preference");
  });

  it("maps an orders export with everyday headers", () => {
    const headers = ["Order Number", "Customer_ID", "Order Date", "Grand Total", "Currency Code", "VAT", "Promo Code", "Notes"];
    expect(autoMap(fieldsOf("orders"), headers)).toEqual({
      orderId: "Order Number",
      customerId: "Customer_ID",
      timestamp: "Order Date",
      total: "Grand Total",
      currency: "Currency Code",
      tax: "VAT",
      coupon: "Promo Code",
    });
  });

  it("takes the email as the customer id when no id column exists, and keeps it for the email trait", () => {
    expect(autoMap(fieldsOf("customers"), ["E-mail", "First Name", "Last Name", "Country Code"])).toEqual({
      customerId: "E-mail",
      email: "E-mail",
      firstName: "First Name",
      lastName: "Last Name",
      country: "Country Code",
    });
    expect(autoMap(fieldsOf("customers"), ["Customer ID", "Email"])).toMatchObject({ customerId: "Customer ID", email: "Email" });
  });

  it("gives each header to one field only (besides fallbacks)", () => {
    const mapping = autoMap(fieldsOf("events"), ["event", "userId", "time", "id", "props"]);
    expect(mapping).toEqual({ type: "event", customerId: "userId", timestamp: "time", id: "id", properties: "props" });
  });

  it("maps the relay foods and Online Retail II headers", () => {
    expect(autoMap(fieldsOf("orders"), ["OrderId", "OrderDate", "UserId", "TotalCharges", "CommonId"])).toMatchObject({
      orderId: "OrderId",
      timestamp: "OrderDate",
      customerId: "UserId",
      total: "TotalCharges",
    });
    const retail = ["invoice", "customer_id", "invoice_datetime", "country", "n_lines", "total_quantity", "amount", "is_cancellation"];
    expect(autoMap(fieldsOf("online-retail-ii"), retail)).toEqual({
      orderId: "invoice",
      customerId: "customer_id",
      timestamp: "invoice_datetime",
      total: "amount",
      cancellation: "is_cancellation",
      country: "country",
      lines: "n_lines",
      quantity: "total_quantity",
    });
  });

  it("maps Shopify's export, preferring a Customer ID column over the email", () => {
    const headers = ["Name", "Email", "Financial Status", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku", "Cancelled at", "Refunded Amount", "Id"];
    const mapping = autoMap(fieldsOf("shopify-orders"), headers);
    expect(mapping).toMatchObject({ orderId: "Name", customerId: "Email", timestamp: "Created at", total: "Total", tax: "Taxes", coupon: "Discount Code", shopifyId: "Id" });
    expect(autoMap(fieldsOf("shopify-orders"), [...headers, "Customer ID"]).customerId).toBe("Customer ID");
  });
});
