import "server-only";
import { z } from "zod";
import { roleField } from "@/lib/validation/organization";
import * as members from "@/server/services/members";
import { createTRPCRouter, orgProcedure } from "../trpc";

const memberTarget = z.object({ userId: z.string().min(1).max(64) });

export const memberRouter = createTRPCRouter({
  list: orgProcedure.query(({ ctx }) => members.listMembers(ctx.db, ctx.org.id)),

  updateRole: orgProcedure
    .meta({ permission: "members.manage" })
    .input(memberTarget.extend({ role: roleField }))
    .mutation(async ({ ctx, input }) => {
      await members.changeMemberRole(ctx.db, ctx.actor, ctx.role, ctx.org, input.userId, input.role);
      return { ok: true };
    }),

  remove: orgProcedure
    .meta({ permission: "members.manage" })
    .input(memberTarget)
    .mutation(async ({ ctx, input }) => {
      await members.removeMember(ctx.db, ctx.actor, ctx.role, ctx.org, input.userId);
      return { ok: true };
    }),

  leave: orgProcedure
    // Leaving needs an explicit confirmation so that no stray call drops a membership.
    .input(z.object({ confirm: z.literal(true, { message: "Confirm that you want to leave." }) }))
    .mutation(async ({ ctx }) => {
      await members.leaveOrganization(ctx.db, ctx.actor, ctx.org);
      return { ok: true };
    }),
});
