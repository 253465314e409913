import "server-only";
import { z } from "zod";
import { recipientLinksInput, surveyInput, surveyUpdate } from "@/lib/validation/surveys";
import * as surveys from "@/server/services/surveys";
import { createTRPCRouter, orgProcedure } from "../trpc";

const surveyRef = z.object({ surveyId: z.uuid({ message: "Unknown survey." }) });

/** Surveys: admins create, edit, close and send; every member reads surveys and their answers. */
export const surveyRouter = createTRPCRouter({
  list: orgProcedure.query(({ ctx }) => surveys.listSurveys(ctx.db, ctx.org.id)),

  get: orgProcedure.input(surveyRef).query(({ ctx, input }) => surveys.getSurvey(ctx.db, ctx.org.id, input.surveyId)),

  create: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(surveyInput)
    .mutation(({ ctx, input }) => surveys.createSurvey(ctx.db, ctx.actor, ctx.org.id, input)),

  update: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(surveyUpdate)
    .mutation(({ ctx, input }) => surveys.updateSurvey(ctx.db, ctx.actor, ctx.org.id, input)),

  setClosed: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(surveyRef.extend({ closed: z.boolean() }))
    .mutation(({ ctx, input }) => surveys.setSurveyClosed(ctx.db, ctx.actor, ctx.org.id, input.surveyId, input.closed)),

  /** Signed links for a list of customers (the CSV download); records survey.sent for each by default. */
  recipientLinks: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(recipientLinksInput)
    .mutation(({ ctx, input }) => surveys.createRecipientLinks(ctx.db, ctx.actor, ctx.org, input)),

  responses: orgProcedure
    .input(
      surveyRef.extend({
        from: z.date().nullish(),
        to: z.date().nullish(),
        minScore: z.number().int().nullish(),
        maxScore: z.number().int().nullish(),
        reason: z.string().max(80).nullish(),
        withComment: z.boolean().optional(),
        cursor: z.number().int().positive().nullish(),
        limit: z.number().int().min(1).max(1000).default(50),
      }),
    )
    .query(({ ctx, input: { surveyId, ...filter } }) => surveys.listResponses(ctx.db, ctx.org.id, surveyId, filter)),
});
