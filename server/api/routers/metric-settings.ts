import "server-only";
import { exchangeRateInput, exchangeRateKey, metricSettingsInput } from "@/lib/validation/metric-settings";
import * as settings from "@/server/services/metric-settings";
import { createTRPCRouter, orgProcedure } from "../trpc";

/** The settings metric definitions read, and the exchange-rate table: admins change, members read. */
export const metricSettingsRouter = createTRPCRouter({
  get: orgProcedure.query(({ ctx }) => settings.metricSettingsOf(ctx.org)),

  update: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(metricSettingsInput)
    .mutation(({ ctx, input }) => settings.updateMetricSettings(ctx.db, ctx.actor, ctx.org, input)),

  rates: orgProcedure.query(({ ctx }) => settings.listExchangeRates(ctx.db, ctx.org.id)),

  setRate: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(exchangeRateInput)
    .mutation(({ ctx, input }) => settings.setExchangeRate(ctx.db, ctx.actor, ctx.org, input)),

  deleteRate: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(exchangeRateKey)
    .mutation(async ({ ctx, input }) => {
      await settings.deleteExchangeRate(ctx.db, ctx.actor, ctx.org.id, input);
      return { deleted: true };
    }),
});
