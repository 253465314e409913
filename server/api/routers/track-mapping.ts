import "server-only";
import { z } from "zod";
import { MAPPABLE_EVENT_TYPES } from "@/lib/events/segment";
import type { KnownEventType } from "@/lib/events/taxonomy";
import * as trackMappings from "@/server/services/track-mappings";
import { createTRPCRouter, orgProcedure } from "../trpc";

const trackName = z
  .string()
  .trim()
  .min(1, { message: "Enter the event name exactly as your Segment calls send it." })
  .max(200, { message: "Event names may be at most 200 characters." })
  // PostgreSQL text cannot hold U+0000, and no client sends control characters in an event name.
  .regex(/^[^\u0000-\u001f\u007f]*$/, { message: "Event names cannot contain control characters." });

export const trackMappingRouter = createTRPCRouter({
  list: orgProcedure.query(({ ctx }) => trackMappings.listTrackMappings(ctx.db, ctx.org.id)),

  set: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(
      z.object({
        trackName,
        type: z.enum(MAPPABLE_EVENT_TYPES as [KnownEventType, ...KnownEventType[]], { message: "Choose an Aftercart event type." }),
      }),
    )
    .mutation(({ ctx, input }) => trackMappings.setTrackMapping(ctx.db, ctx.actor, ctx.org.id, input)),

  delete: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(z.object({ trackName: z.string().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      await trackMappings.deleteTrackMapping(ctx.db, ctx.actor, ctx.org.id, input.trackName);
      return { ok: true };
    }),
});
