import "server-only";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { segmentSchema } from "@/lib/metrics/segment";
import { listMetrics } from "@/server/metrics/catalog";
import { INTERVALS } from "@/server/metrics/period";
import type { SharedRelations } from "@/server/metrics/context";
import { hasAnyEvents, MetricInputError, readCohorts, readComments, readMetrics, type MetricRead } from "@/server/metrics/service";
import { createTRPCRouter, orgProcedure } from "../trpc";

const periodInput = {
  from: z.union([z.string().max(40), z.date()]).nullish(),
  to: z.union([z.string().max(40), z.date()]).nullish(),
  segment: segmentSchema.nullish(),
};

/** Input problems of the metric service (unknown keys, bad periods) are the caller's: BAD_REQUEST. */
async function run<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof MetricInputError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
    throw error;
  }
}

function read(ctx: { db: Parameters<typeof readMetrics>[0]; org: { id: string }; sharedMetricRelations?: SharedRelations }, input: MetricRead) {
  return run(() => readMetrics(ctx.db, ctx.org.id, input, new Date(), ctx.sharedMetricRelations));
}

export const metricRouter = createTRPCRouter({
  catalog: orgProcedure.query(() => listMetrics().map(({ key, name, family, unit, direction, description }) => ({ key, name, family, unit, direction, description }))),

  /**
   * Values, previous period and change of several metrics (KPI cards); with an interval, each one's
   * series too (sparklines, a dashboard panel's charts) in the same read.
   */
  summary: orgProcedure
    .input(z.object({ keys: z.array(z.string().max(64)).min(1).max(60), interval: z.enum(INTERVALS).nullish(), compare: z.boolean().optional(), ...periodInput }))
    .query(({ ctx, input }) => read(ctx, { ...input, interval: input.interval ?? null })),

  /** Whether the organisation has sent anything yet: a dashboard without data shows how to start. */
  status: orgProcedure.query(async ({ ctx }) => ({ hasEvents: await hasAnyEvents(ctx.db, ctx.org.id) })),

  /** One metric with its gap-filled series. */
  timeseries: orgProcedure
    .input(z.object({ key: z.string().max(64), interval: z.enum(INTERVALS), ...periodInput }))
    .query(async ({ ctx, input: { key, ...rest } }) => (await read(ctx, { ...rest, keys: [key] })).metrics[0]!),

  /** One metric's breakdown (steps, types, reasons, variants…) without comparison. */
  breakdown: orgProcedure
    .input(z.object({ key: z.string().max(64), ...periodInput }))
    .query(async ({ ctx, input: { key, ...rest } }) => (await read(ctx, { ...rest, keys: [key], compare: false })).metrics[0]!),

  /** The newest survey answers with a comment (voice of the customer). */
  comments: orgProcedure
    .input(z.object({ ...periodInput, limit: z.number().int().min(1).max(100).default(10) }))
    .query(({ ctx, input }) => run(() => readComments(ctx.db, ctx.org.id, input))),

  cohorts: orgProcedure.input(z.object(periodInput)).query(({ ctx, input }) => run(() => readCohorts(ctx.db, ctx.org.id, input))),
});
