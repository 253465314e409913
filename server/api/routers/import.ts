import "server-only";
import { access } from "node:fs/promises";
import { z } from "zod";
import { badRequest, conflict, notFound } from "@/server/errors";
import { FORMAT_IDS, formatCatalog } from "@/server/ingest/csv/formats";
import { cancelImportJob, findImportJob, getImportJob, listImportJobs, requeueImportJob } from "@/server/ingest/csv/jobs";
import { previewImport } from "@/server/ingest/csv/preview";
import { importRunnerFor } from "@/server/ingest/csv/runner";
import { createTRPCRouter, orgProcedure } from "../trpc";

const importId = z.object({ importId: z.uuid({ message: "Unknown import." }) });

/** The browser sends at most this much of the file's start (base64) for the preview. */
const MAX_PREVIEW_BASE64 = 700_000;

export const importRouter = createTRPCRouter({
  formats: orgProcedure.meta({ permission: "settings.manage" }).query(() => formatCatalog()),

  list: orgProcedure.meta({ permission: "settings.manage" }).query(async ({ ctx }) => {
    await importRunnerFor(ctx.db).ready;
    return listImportJobs(ctx.db, ctx.org.id);
  }),

  get: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(importId)
    .query(async ({ ctx, input }) => {
      await importRunnerFor(ctx.db).ready;
      return getImportJob(ctx.db, ctx.org.id, input.importId);
    }),

  /** Reads the start of a file as the import will: headers, suggested mapping, the first rows' outcome. */
  preview: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(
      z.object({
        format: z.enum(FORMAT_IDS, { message: "Choose what the file holds." }),
        head: z.base64({ message: "The start of the file could not be read." }).max(MAX_PREVIEW_BASE64, { message: "Send at most 512 KB of the file for the preview." }),
        complete: z.boolean(),
        mapping: z
          .object({
            columns: z.record(z.string().max(64), z.string().min(1).max(256)),
            extra: z.array(z.string().min(1).max(256)).max(500),
            timeZone: z.string().max(64).optional(),
            dateOrder: z.enum(["dmy", "mdy"]).optional(),
          })
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      previewImport({ format: input.format, head: Buffer.from(input.head, "base64"), complete: input.complete, mapping: input.mapping }, ctx.org),
    ),

  cancel: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(importId)
    .mutation(async ({ ctx, input }) => {
      await cancelImportJob(ctx.db, ctx.actor, ctx.org.id, input.importId);
      importRunnerFor(ctx.db).cancel({ orgId: ctx.org.id, id: input.importId });
      return { ok: true };
    }),

  /** Starts a failed or canceled import again from its kept file; rows already imported are duplicates. */
  restart: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(importId)
    .mutation(async ({ ctx, input }) => {
      const runner = importRunnerFor(ctx.db);
      await runner.ready;
      const job = await findImportJob(ctx.db, ctx.org.id, input.importId);
      if (!job) throw notFound("Import");
      if (job.status !== "failed" && job.status !== "canceled") throw conflict("Only a failed or canceled import can be started again.");
      const kept = await access(runner.filePath(input.importId)).then(
        () => true,
        () => false,
      );
      if (!kept) throw badRequest("The file of this import is no longer on the server: upload it again (rows already imported are skipped).");
      await requeueImportJob(ctx.db, ctx.actor, ctx.org.id, input.importId);
      runner.enqueue({ orgId: ctx.org.id, id: input.importId });
      return { ok: true };
    }),
});
