import "server-only";
import { PRESETS } from "@/lib/benchmarks/presets";
import { presetInput, targetInput, targetKey } from "@/lib/validation/benchmarks";
import * as benchmarks from "@/server/services/benchmarks";
import { createTRPCRouter, orgProcedure } from "../trpc";

/** Targets per metric and the presets that set them: admins change them, every member sees them. */
export const benchmarkRouter = createTRPCRouter({
  list: orgProcedure.query(({ ctx }) => benchmarks.listBenchmarks(ctx.db, ctx.org.id)),

  presets: orgProcedure.query(() => PRESETS),

  set: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(targetInput)
    .mutation(({ ctx, input }) => benchmarks.setTarget(ctx.db, ctx.actor, ctx.org.id, input)),

  delete: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(targetKey)
    .mutation(async ({ ctx, input }) => {
      await benchmarks.deleteTarget(ctx.db, ctx.actor, ctx.org.id, input.metricKey);
      return { deleted: true };
    }),

  applyPreset: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(presetInput)
    .mutation(({ ctx, input }) => benchmarks.applyPreset(ctx.db, ctx.actor, ctx.org.id, input.presetId)),
});
