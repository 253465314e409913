import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import {
  changePasswordInput,
  requestResetInput,
  resetPasswordInput,
  signUpInput,
  updateProfileInput,
} from "@/lib/validation/account";
import { clientIp, consumeAccountRequest } from "@/server/auth/rate-limit";
import * as accounts from "@/server/services/accounts";
import { isMailConfigured } from "@/server/services/mailer";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const accountRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    await consumeAccountRequest(clientIp(ctx.headers));
    const user = await accounts.createUser(ctx.db, input);
    return { id: user.id, email: user.email };
  }),

  requestPasswordReset: publicProcedure.input(requestResetInput).mutation(async ({ ctx, input }) => {
    await consumeAccountRequest(clientIp(ctx.headers));
    const link = await accounts.requestPasswordReset(ctx.db, input.email);
    // Outside the demo the answer is the same whether or not the address has an account.
    const showLink = env.AFTERCART_DEMO && !isMailConfigured();
    return { emailed: isMailConfigured(), demoLink: showLink ? link : null };
  }),

  checkResetToken: publicProcedure
    .input(z.object({ token: z.string().max(200) }))
    .query(async ({ ctx, input }) => ({ valid: await accounts.checkPasswordResetToken(ctx.db, input.token) })),

  resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    await consumeAccountRequest(clientIp(ctx.headers));
    return accounts.resetPassword(ctx.db, input.token, input.password);
  }),

  me: protectedProcedure.query(({ ctx }) => ctx.user),

  updateProfile: protectedProcedure
    .input(updateProfileInput)
    .mutation(async ({ ctx, input }) => {
      const user = await accounts.updateProfile(ctx.db, ctx.user.id, input);
      return { id: user.id, name: user.name, email: user.email };
    }),

  changePassword: protectedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    await accounts.changePassword(ctx.db, ctx.user.id, input.currentPassword, input.newPassword);
    return { email: ctx.user.email };
  }),
});
