import { csvEventId } from "../event-ids";
import { compact, csvEvent, eachRow, type CsvEvent } from "../rows";
import { customerIdOf } from "./identity";
import { ANONYMOUS_ID, CUSTOMER_ID, TIMESTAMP } from "./shared-fields";
import type { FormatSpec } from "./types";

export const customersFormat: FormatSpec = {
  id: "customers",
  kind: "customers",
  label: "Customers",
  description:
    "One row per customer: the id and traits (email, name, country…). Each row becomes a customer.identified event; " +
    "a trait keeps the value with the latest time. Empty cells change nothing.",
  preset: false,
  extraTarget: "traits",
  fields: [
    { ...CUSTOMER_ID, required: true, synonyms: [...CUSTOMER_ID.synonyms, "id"] },
    ANONYMOUS_ID,
    {
      ...TIMESTAMP,
      hint: "When these traits were true. Empty: the sign-up date if mapped, else the time of the import.",
      synonyms: ["updated at", "last updated", "modified", "timestamp", "as of"],
    },
    { key: "email", label: "Email", synonyms: ["email address", "e-mail", "mail"] },
    { key: "name", label: "Name", synonyms: ["full name", "customer name", "display name"] },
    { key: "firstName", label: "First name", synonyms: ["first_name", "given name", "forename"] },
    { key: "lastName", label: "Last name", synonyms: ["last_name", "surname", "family name"] },
    { key: "country", label: "Country", synonyms: ["country code", "default address country code", "billing country"] },
    { key: "gender", label: "Gender", synonyms: ["sex"] },
    { key: "acquisitionChannel", label: "Acquisition channel", synonyms: ["channel", "source", "utm source", "acquisition source"] },
    { key: "createdAt", label: "Signed up at", hint: "Stored as the createdAt trait.", synonyms: ["created at", "signup date", "signed up", "registration date", "created", "customer since"] },
    { key: "plan", label: "Plan", synonyms: ["tier", "membership", "subscription plan"] },
  ],
  createMapper: (ctx) =>
    eachRow(ctx, (row): CsvEvent[] => {
      const customerId = customerIdOf(row) ?? row.required("customerId");
      const first = row.text("firstName");
      const last = row.text("lastName");
      const traits: Record<string, unknown> = compact({
        ...row.extras(),
        email: row.text("email"),
        name: row.text("name") ?? ([first, last].filter(Boolean).join(" ") || undefined),
        firstName: first,
        lastName: last,
        country: row.text("country"),
        gender: row.text("gender"),
        acquisitionChannel: row.text("acquisitionChannel"),
        createdAt: row.timestamp("createdAt"),
        plan: row.text("plan"),
      });
      const stated = row.timestamp("timestamp") ?? (traits.createdAt as string | undefined);
      const anonymousId = row.text("anonymousId");
      // The import's own time is left out of the identity: the same row imported tomorrow is the same row.
      const id = csvEventId("customers", { customerId, anonymousId, timestamp: stated, traits });
      return [csvEvent({ id, type: "customer.identified", customerId, anonymousId, timestamp: stated ?? ctx.now.toISOString(), properties: { traits } })];
    }),
};
