import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/canonical-json";

/**
 * The event id of an imported row: `csv:<kind>:<sha256 of what identifies it>`. The same row read
 * again, from the same file or a later export, gets the same id, so a second import stores nothing
 * twice (the store reports it as a duplicate).
 */
export function csvEventId(kind: "customers" | "orders" | "events", identity: unknown): string {
  return `csv:${kind}:${createHash("sha256").update(canonicalJson(identity)).digest("hex")}`;
}
