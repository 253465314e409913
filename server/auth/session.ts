import "server-only";
import { cache } from "react";
import { getDb } from "@/db";
import { getUser } from "@/server/services/accounts";
import { auth } from "./config";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

/**
 * The signed-in user for this request, checked against the database: a deleted account or a
 * session from before a password change is no session. Cached per request.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const user = await getUser(await getDb(), userId);
  if (!user || user.sessionVersion !== session.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name };
});
