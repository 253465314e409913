import "server-only";
import { z } from "zod";
import { shareTokenInput, widgetInput } from "@/lib/validation/widgets";
import * as secrets from "@/server/services/embed-secrets";
import * as widgets from "@/server/services/widgets";
import { createTRPCRouter, orgProcedure } from "../trpc";

const widgetRef = z.object({ widgetId: z.uuid({ message: "Unknown widget." }) });

/** Widgets: analysts build and share them; the embed secret is an admin's (it signs for every widget). */
export const widgetRouter = createTRPCRouter({
  list: orgProcedure.query(({ ctx }) => widgets.listWidgets(ctx.db, ctx.org.id)),

  get: orgProcedure.input(widgetRef).query(({ ctx, input }) => widgets.getWidget(ctx.db, ctx.org.id, input.widgetId)),

  create: orgProcedure
    .meta({ permission: "widgets.manage" })
    .input(widgetInput)
    .mutation(({ ctx, input }) => widgets.createWidget(ctx.db, ctx.actor, ctx.org.id, input)),

  update: orgProcedure
    .meta({ permission: "widgets.manage" })
    .input(widgetRef.extend({ widget: widgetInput }))
    .mutation(({ ctx, input }) => widgets.updateWidget(ctx.db, ctx.actor, ctx.org.id, input.widgetId, input.widget)),

  delete: orgProcedure
    .meta({ permission: "widgets.manage" })
    .input(widgetRef)
    .mutation(async ({ ctx, input }) => {
      await widgets.deleteWidget(ctx.db, ctx.actor, ctx.org.id, input.widgetId);
      return { deleted: true };
    }),

  shareTokens: orgProcedure.meta({ permission: "widgets.manage" }).input(widgetRef).query(({ ctx, input }) => widgets.listShareTokens(ctx.db, ctx.org.id, input.widgetId)),

  createShareToken: orgProcedure
    .meta({ permission: "widgets.manage" })
    .input(shareTokenInput)
    .mutation(({ ctx, input }) => widgets.createShareToken(ctx.db, ctx.actor, ctx.org.id, input)),

  revokeShareToken: orgProcedure
    .meta({ permission: "widgets.manage" })
    .input(z.object({ tokenId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await widgets.revokeShareToken(ctx.db, ctx.actor, ctx.org.id, input.tokenId);
      return { revoked: true };
    }),

  embedSecret: orgProcedure.meta({ permission: "widgets.manage" }).query(({ ctx }) => secrets.embedSecretStatus(ctx.db, ctx.org.id)),

  rotateEmbedSecret: orgProcedure
    .meta({ permission: "settings.manage" })
    .mutation(({ ctx }) => secrets.rotateEmbedSecret(ctx.db, ctx.actor, ctx.org.id)),
});
