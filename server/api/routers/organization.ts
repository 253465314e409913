import "server-only";
import { z } from "zod";
import { createOrganizationInput, organizationSettingsInput, slugField } from "@/lib/validation/organization";
import { endSubscriptionBeforeDeletion } from "@/server/billing/checkout";
import { billingConfig } from "@/server/billing/config";
import * as organizations from "@/server/services/organizations";
import { createTRPCRouter, orgProcedure, protectedProcedure } from "../trpc";

export const organizationRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => organizations.listOrganizationsForUser(ctx.db, ctx.user.id)),

  checkSlug: protectedProcedure
    .input(z.object({ slug: z.string().max(64) }))
    .query(async ({ ctx, input }) => {
      const parsed = slugField.safeParse(input.slug);
      return { available: parsed.success && (await organizations.isSlugAvailable(ctx.db, parsed.data)) };
    }),

  create: protectedProcedure.input(createOrganizationInput).mutation(async ({ ctx, input }) => {
    const org = await organizations.createOrganization(ctx.db, ctx.actor, input);
    return { id: org.id, slug: org.slug };
  }),

  get: orgProcedure.query(({ ctx }) => ({ ...ctx.org, role: ctx.role })),

  update: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(organizationSettingsInput)
    .mutation(({ ctx, input }) => organizations.updateOrganization(ctx.db, ctx.actor, ctx.org, input)),

  delete: orgProcedure
    .meta({ permission: "org.delete" })
    .input(z.object({ confirmSlug: z.string().max(64) }))
    .mutation(async ({ ctx, input }) => {
      // Only a confirmed deletion may end the subscription (the service checks the slug again).
      if (input.confirmSlug === ctx.org.slug) await endSubscriptionBeforeDeletion(ctx.db, billingConfig(), ctx.org);
      await organizations.deleteOrganization(ctx.db, ctx.org, input.confirmSlug);
      return { deleted: true };
    }),
});
