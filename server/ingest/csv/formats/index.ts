import { customersFormat } from "./customers";
import { eventsFormat } from "./events";
import { onlineRetailFormat } from "./online-retail-ii";
import { ordersFormat } from "./orders";
import { shopifyOrdersFormat } from "./shopify-orders";
import type { FormatSpec } from "./types";

export type { FormatSpec, ImportKind } from "./types";
export { IMPORT_KINDS } from "./types";

export const FORMAT_IDS = ["customers", "orders", "events", "shopify-orders", "online-retail-ii"] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

const FORMATS: Record<FormatId, FormatSpec> = {
  customers: customersFormat,
  orders: ordersFormat,
  events: eventsFormat,
  "shopify-orders": shopifyOrdersFormat,
  "online-retail-ii": onlineRetailFormat,
};

export function formatById(id: FormatId): FormatSpec {
  return FORMATS[id];
}

/** What the UI needs to offer a format and its mapping: plain data, no functions. */
export interface FormatInfo {
  id: FormatId;
  kind: FormatSpec["kind"];
  label: string;
  description: string;
  preset: boolean;
  fields: { key: string; label: string; required: boolean; hint: string | null }[];
  requiredAnyOf: string[][];
  extraTarget: FormatSpec["extraTarget"];
  timeZone: string | null;
}

export function formatCatalog(): FormatInfo[] {
  return FORMAT_IDS.map((id) => {
    const f = FORMATS[id];
    return {
      id,
      kind: f.kind,
      label: f.label,
      description: f.description,
      preset: f.preset,
      fields: f.fields.map((field) => ({ key: field.key, label: field.label, required: Boolean(field.required), hint: field.hint ?? null })),
      requiredAnyOf: (f.requiredAnyOf ?? []).map((group) => [...group]),
      extraTarget: f.extraTarget,
      timeZone: f.timeZone ?? null,
    };
  });
}
