import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level: equal content, equal text, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The event id of an imported row: `csv:<kind>:<sha256 of what identifies it>`. The same row read
 * again, from the same file or a later export, gets the same id, so a second import stores nothing
 * twice (the store reports it as a duplicate).
 */
export function csvEventId(kind: "customers" | "orders" | "events", identity: unknown): string {
  return `csv:${kind}:${createHash("sha256").update(canonicalJson(identity)).digest("hex")}`;
}
