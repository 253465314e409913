import "server-only";
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { getDb, type Database } from "@/db";
import { can } from "@/lib/permissions";
import { getSessionUser } from "@/server/auth/session";
import { quotaGate } from "@/server/http/quota";
import { apiError } from "@/server/http/responses";
import { findMembershipBySlug, type Organization } from "@/server/services/organizations";
import { formatById } from "./formats";
import { createImportJob, findImportJob, importErrorsPage, MAX_STORED_ERRORS } from "./jobs";
import { importMappingSchema } from "./mapping";
import { importRunnerFor } from "./runner";
import { MAX_UPLOAD_BYTES, saveUpload, UploadTooLarge } from "./storage";

type Access = { ok: true; db: Database; org: Organization; user: { id: string; email: string } } | { ok: false; response: Response };

/** The session checks of the org pages: no session 401, not a member 404 (as if absent), role too low 403. */
async function requireImportAccess(orgSlug: string): Promise<Access> {
  const user = await getSessionUser();
  if (!user) return { ok: false, response: apiError(401, "unauthorized", "Sign in to continue.") };
  const db = await getDb();
  const found = await findMembershipBySlug(db, user.id, orgSlug);
  if (!found) return { ok: false, response: apiError(404, "not_found", "Organisation not found.") };
  if (!can(found.role, "settings.manage")) {
    return { ok: false, response: apiError(403, "forbidden", "Only admins and owners can import data into this organisation.") };
  }
  return { ok: true, db, org: found.org, user };
}

const uploadQuery = z.object({
  fileName: z
    .string()
    .trim()
    .min(1, { message: "Give the file's name." })
    .max(255, { message: "The file name is longer than 255 characters." }),
  mapping: z.string().max(64 * 1024, { message: "The mapping is too large." }),
});

/**
 * POST /api/orgs/:orgSlug/imports?fileName=…&mapping=<JSON>, the file as the raw body. Streams it
 * to disk (never into memory), records the import and queues it; answers 201 {id} at once.
 */
export async function handleImportUpload(request: Request, orgSlug: string): Promise<Response> {
  const access = await requireImportAccess(orgSlug);
  if (!access.ok) return access.response;
  const { db, org, user } = access;

  const url = new URL(request.url);
  const query = uploadQuery.safeParse({ fileName: url.searchParams.get("fileName") ?? undefined, mapping: url.searchParams.get("mapping") ?? "" });
  if (!query.success) return apiError(400, "invalid_options", query.error.issues[0]!.message);
  let rawMapping: unknown;
  try {
    rawMapping = JSON.parse(query.data.mapping);
  } catch {
    return apiError(400, "invalid_options", "mapping must be a JSON object: {format, columns, …}.");
  }
  const mapping = importMappingSchema.safeParse(rawMapping);
  if (!mapping.success) {
    const issue = mapping.error.issues[0]!;
    return apiError(400, "invalid_mapping", issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message);
  }
  const quota = await quotaGate(org.id);
  if (!quota.ok) return quota.response;
  const declared = Number(request.headers.get("content-length"));
  if (declared > MAX_UPLOAD_BYTES) return apiError(413, "file_too_large", new UploadTooLarge(MAX_UPLOAD_BYTES).message);
  if (!request.body) return apiError(400, "empty_file", "The file is empty.");

  const runner = importRunnerFor(db);
  await runner.ready;
  const id = randomUUID();
  let bytes: number;
  try {
    bytes = await saveUpload(request.body, runner.filePath(id));
  } catch (error) {
    if (error instanceof UploadTooLarge) return apiError(413, "file_too_large", error.message);
    // The browser went away mid-file (closed tab, lost connection): nothing was recorded.
    if (request.signal.aborted || (error as NodeJS.ErrnoException).code === "ECONNRESET" || (error as Error).name === "AbortError") {
      return apiError(400, "upload_interrupted", "The upload stopped before the end of the file. Upload it again.");
    }
    throw error;
  }
  if (bytes === 0) {
    await rm(runner.filePath(id), { force: true });
    return apiError(400, "empty_file", "The file is empty.");
  }
  const job = await createImportJob(db, { userId: user.id, label: user.email }, org.id, {
    id,
    kind: formatById(mapping.data.format).kind,
    fileName: query.data.fileName,
    fileBytes: bytes,
    mapping: mapping.data,
  });
  runner.enqueue({ orgId: org.id, id });
  return Response.json({ id: job.id, status: job.status }, { status: 201 });
}

function attachmentName(fileName: string): string {
  const base = `${fileName.replace(/\.csv$/i, "")}-errors.csv`;
  const ascii = base.replace(/[^\w.-]+/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}

/**
 * GET /api/orgs/:orgSlug/imports/:importId/errors.csv: the rejected rows by line, streamed page by
 * page. When more were rejected than stored, a last row says how many more.
 */
export async function handleImportErrorsDownload(orgSlug: string, importId: string): Promise<Response> {
  const access = await requireImportAccess(orgSlug);
  if (!access.ok) return access.response;
  const { db, org } = access;
  const job = z.uuid().safeParse(importId).success ? await findImportJob(db, org.id, importId) : null;
  if (!job) return apiError(404, "not_found", "Import not found.");

  let cursor: { line: number; id: number } | null = null;
  let sent = 0;
  let done = false;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(stringify([["line", "code", "message"]])));
    },
    async pull(controller) {
      if (done) return;
      const page = await importErrorsPage(db, org.id, importId, cursor);
      if (page.length) {
        sent += page.length;
        cursor = { line: page.at(-1)!.line, id: page.at(-1)!.id };
        controller.enqueue(encoder.encode(stringify(page.map((e) => [e.line, e.code, e.message]))));
        return;
      }
      done = true;
      const more = job.rejected - sent;
      // Only a full store means rows were left out; while an import runs, its errors trail its counters.
      if (more > 0 && sent >= MAX_STORED_ERRORS) {
        const note = `and ${more.toLocaleString("en")} more rejected rows: only the first ${MAX_STORED_ERRORS.toLocaleString("en")} are kept`;
        controller.enqueue(encoder.encode(stringify([["", "more", note]])));
      }
      controller.close();
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": attachmentName(job.fileName), "cache-control": "no-store" },
  });
}
