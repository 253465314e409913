import { restHandler } from "@/server/http/handler";
import { handleImportUpload } from "@/server/ingest/csv/http";

/** Upload of a CSV import: the raw file as the body, streamed to disk (not tRPC, which buffers JSON). */
export const POST = restHandler(async (request: Request, context: { params: Promise<{ orgSlug: string }> }) =>
  handleImportUpload(request, (await context.params).orgSlug),
);
