import "server-only";
import { z } from "zod";
import { checkEventFilter, eventFilterFields, TIME_PRESETS } from "@/lib/validation/events";
import { eventFacets, listEvents, tailEvents, type EventFilter } from "@/server/services/event-explorer";
import { createTRPCRouter, orgProcedure } from "../trpc";

/** A preset becomes a range at the moment of reading: every page of one view shares its meaning. */
function toFilter({ last, ...filter }: { last?: keyof typeof TIME_PRESETS } & EventFilter, now = Date.now()): EventFilter {
  return last ? { ...filter, from: new Date(now - TIME_PRESETS[last].ms) } : filter;
}

export const eventRouter = createTRPCRouter({
  list: orgProcedure
    .input(
      z
        .object({
          ...eventFilterFields,
          cursor: z.object({ timestamp: z.date(), id: z.number().int().positive() }).nullish(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .superRefine(checkEventFilter),
    )
    .query(({ ctx, input: { cursor, limit, ...filter } }) => listEvents(ctx.db, ctx.org.id, toFilter(filter), { cursor, limit })),

  tail: orgProcedure
    .input(
      z
        .object({
          ...eventFilterFields,
          afterId: z.number({ message: "afterId is required: the id of the newest event already shown." }).int().min(0),
        })
        .superRefine(checkEventFilter),
    )
    .query(({ ctx, input: { afterId, ...filter } }) => tailEvents(ctx.db, ctx.org.id, toFilter(filter), afterId)),

  facets: orgProcedure.query(({ ctx }) => eventFacets(ctx.db, ctx.org.id)),
});
