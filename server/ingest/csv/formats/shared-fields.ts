import type { FieldSpec } from "../fields";

export const CUSTOMER_ID: FieldSpec = {
  key: "customerId",
  label: "Customer ID",
  hint: "Your id for the customer. An email address works too (it is lower-cased).",
  synonyms: ["customer_id", "customer", "customer number", "customer no", "client id", "user id", "buyer id", "contact id"],
  fallbacks: ["email", "email address", "e-mail", "customer email"],
};

export const ANONYMOUS_ID: FieldSpec = {
  key: "anonymousId",
  label: "Anonymous ID",
  hint: "A device or visitor id, for activity before the customer was known.",
  synonyms: ["anonymous_id", "anon id", "device id", "visitor id", "cookie id", "distinct id"],
};

export const TIMESTAMP: FieldSpec = {
  key: "timestamp",
  label: "Time",
  hint: "When it happened. ISO dates (2026-03-02 10:15:00), with or without an offset, or Unix time.",
  synonyms: ["timestamp", "date", "time", "datetime", "date time", "occurred at", "event time", "created at", "created"],
};
