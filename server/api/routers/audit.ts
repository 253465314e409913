import "server-only";
import { z } from "zod";
import { auditFilterOptions, listAudit } from "@/server/services/audit";
import { createTRPCRouter, orgProcedure } from "../trpc";

export const auditRouter = createTRPCRouter({
  list: orgProcedure
    .meta({ permission: "audit.read" })
    .input(
      z.object({
        action: z.string().max(100).optional(),
        actorUserId: z.string().max(64).optional(),
        targetType: z.string().max(100).optional(),
        cursor: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(100).default(25),
      }),
    )
    .query(({ ctx, input }) => listAudit(ctx.db, ctx.org.id, input)),

  filters: orgProcedure.meta({ permission: "audit.read" }).query(({ ctx }) => auditFilterOptions(ctx.db, ctx.org.id)),
});
