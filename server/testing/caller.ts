import type { Database } from "@/db";
import { createCaller } from "@/server/api/root";

/** A tRPC caller as the given user (or anonymous), exactly as a request would see it. */
export function callerFor(db: Database, user: { id: string; email: string; name?: string | null } | null, ip = "203.0.113.7") {
  return createCaller({
    db,
    user: user ? { id: user.id, email: user.email, name: user.name ?? null } : null,
    headers: new Headers({ "x-forwarded-for": ip }),
  });
}
