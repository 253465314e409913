import "server-only";
import { cache, type ReactNode } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { TRPCError } from "@trpc/server";
import { appRouter, createCaller } from "@/server/api/root";
import { createRequestContext } from "@/server/api/context";
import { makeQueryClient } from "./query-client";

// Server components call the router in process: no HTTP hop, the same procedures and checks.
const createContext = cache(async () => createRequestContext(await headers()));

export const getQueryClient = cache(makeQueryClient);

export const trpc = createTRPCOptionsProxy({ ctx: createContext, router: appRouter, queryClient: getQueryClient });

export const api = createCaller(createContext);

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/**
 * Runs a server-side call and turns access errors into the pages people expect: no session -> the
 * sign-in page, another tenant's or a missing resource -> the 404 page.
 */
export async function orPage<T>(call: Promise<T>, callbackPath?: string): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof TRPCError) {
      if (error.code === "UNAUTHORIZED") redirect(callbackPath ? `/sign-in?callbackUrl=${encodeURIComponent(callbackPath)}` : "/sign-in");
      if (error.code === "NOT_FOUND" || error.code === "FORBIDDEN") notFound();
    }
    throw error;
  }
}
