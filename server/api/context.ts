import "server-only";
import { getDb } from "@/db";
import { getSessionUser } from "@/server/auth/session";
import type { Context } from "./trpc";

/**
 * The context of a real request: the shared database, the verified session user, and the relations
 * the request's metric reads share (a page render is one request: its panels' reads share them).
 */
export async function createRequestContext(headers: Headers): Promise<Context> {
  return { db: await getDb(), user: await getSessionUser(), headers, sharedMetricRelations: new Map() };
}
