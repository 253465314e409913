import "server-only";
import { getDb } from "@/db";
import { getSessionUser } from "@/server/auth/session";
import type { Context } from "./trpc";

/** The context of a real request: the shared database and the verified session user. */
export async function createRequestContext(headers: Headers): Promise<Context> {
  return { db: await getDb(), user: await getSessionUser(), headers };
}
