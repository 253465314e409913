import "server-only";
import { loyaltyProgramInput } from "@/lib/validation/loyalty";
import * as loyalty from "@/server/services/loyalty-programs";
import { createTRPCRouter, orgProcedure } from "../trpc";

/** The loyalty programme: admins define it, every member reads it and its report. */
export const loyaltyRouter = createTRPCRouter({
  get: orgProcedure.query(({ ctx }) => loyalty.getLoyaltyProgram(ctx.db, ctx.org.id)),

  save: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(loyaltyProgramInput)
    .mutation(({ ctx, input }) => loyalty.saveLoyaltyProgram(ctx.db, ctx.actor, ctx.org.id, input)),

  /** Members, points, liability and tiers as of now; null until a programme is defined. */
  report: orgProcedure.query(async ({ ctx }) => {
    const program = await loyalty.getLoyaltyProgram(ctx.db, ctx.org.id);
    return program ? loyalty.loyaltyReport(ctx.db, ctx.org.id, program) : null;
  }),
});
