import "server-only";
import { z } from "zod";
import * as apiKeys from "@/server/services/api-keys";
import { createTRPCRouter, orgProcedure } from "../trpc";

export const apiKeyRouter = createTRPCRouter({
  list: orgProcedure.meta({ permission: "keys.manage" }).query(({ ctx }) => apiKeys.listApiKeys(ctx.db, ctx.org.id)),

  create: orgProcedure
    .meta({ permission: "keys.manage" })
    .input(z.object({ kind: z.enum(["ingest", "secret"], { message: "Choose ingest or secret." }), name: z.string().trim().min(1, { message: "Name the key, e.g. after where it is used." }).max(80) }))
    .mutation(({ ctx, input }) => apiKeys.createApiKey(ctx.db, ctx.actor, ctx.org.id, input)),

  revoke: orgProcedure
    .meta({ permission: "keys.manage" })
    .input(z.object({ keyId: z.uuid({ message: "Unknown key." }) }))
    .mutation(async ({ ctx, input }) => {
      await apiKeys.revokeApiKey(ctx.db, ctx.actor, ctx.org.id, input.keyId);
      return { ok: true };
    }),
});
