import "server-only";
import { z } from "zod";
import { inviteInput } from "@/lib/validation/organization";
import * as invitations from "@/server/services/invitations";
import { createTRPCRouter, orgProcedure, protectedProcedure, publicProcedure } from "../trpc";

const tokenInput = z.object({ token: z.string().min(10).max(200) });

export const invitationRouter = createTRPCRouter({
  list: orgProcedure
    .meta({ permission: "members.manage" })
    .query(({ ctx }) => invitations.listInvitations(ctx.db, ctx.org.id)),

  create: orgProcedure
    .meta({ permission: "members.manage" })
    .input(inviteInput)
    .mutation(({ ctx, input }) => invitations.createInvitation(ctx.db, ctx.actor, ctx.role, ctx.org, input)),

  revoke: orgProcedure
    .meta({ permission: "members.manage" })
    .input(z.object({ invitationId: z.uuid({ message: "Unknown invitation." }) }))
    .mutation(async ({ ctx, input }) => {
      await invitations.revokeInvitation(ctx.db, ctx.actor, ctx.org, input.invitationId);
      return { ok: true };
    }),

  describe: publicProcedure.input(tokenInput).query(({ ctx, input }) => invitations.describeInvitation(ctx.db, input.token)),

  accept: protectedProcedure
    .input(tokenInput)
    .mutation(({ ctx, input }) => invitations.acceptInvitation(ctx.db, ctx.user, input.token)),
});
