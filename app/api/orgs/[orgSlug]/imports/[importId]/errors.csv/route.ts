import { restHandler } from "@/server/http/handler";
import { handleImportErrorsDownload } from "@/server/ingest/csv/http";

export const GET = restHandler(async (_request: Request, context: { params: Promise<{ orgSlug: string; importId: string }> }) => {
  const { orgSlug, importId } = await context.params;
  return handleImportErrorsDownload(orgSlug, importId);
});
