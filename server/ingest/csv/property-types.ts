import type { z } from "zod";
import { EVENT_TYPES, isKnownEventType } from "@/lib/events/taxonomy";
import { inferValue, parseBoolean, parseDecimal, parseJson } from "./cells";

type Expected = "number" | "boolean" | "json" | "text" | "unknown";

function expectedOf(schema: z.ZodType | undefined): Expected {
  let def = (schema as { _zod?: { def: { type: string; innerType?: z.ZodType } } } | undefined)?._zod?.def;
  while (def && (def.type === "optional" || def.type === "nullable" || def.type === "default")) {
    def = (def.innerType as unknown as { _zod: { def: typeof def } })._zod.def;
  }
  switch (def?.type) {
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
    case "object":
    case "record":
      return "json";
    case undefined:
      return "unknown";
    default:
      // Strings, enums, ids (string or integer): keep the text, so "00123" stays "00123".
      return "text";
  }
}

/**
 * A cell of a column the admin maps onto a property, typed as the taxonomy wants it for that event
 * type (survey scores and loyalty points are numbers, policies are text). Properties the taxonomy does
 * not name, and custom events, get the inferred type (plain numbers, true/false, else text).
 */
export function propertyValue(type: string, key: string, cell: string, header: string): unknown {
  const shape = isKnownEventType(type) ? (EVENT_TYPES[type] as unknown as { shape?: Record<string, z.ZodType> }).shape : undefined;
  switch (expectedOf(shape?.[key])) {
    case "number":
      return parseDecimal(cell, header);
    case "boolean":
      return parseBoolean(cell, header);
    case "json":
      return parseJson(cell, header);
    case "text":
      return cell.trim();
    case "unknown":
      return inferValue(cell);
  }
}
