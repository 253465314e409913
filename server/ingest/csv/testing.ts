import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Executor } from "@/db";
import { formatById } from "./formats";
import { createImportJob } from "./jobs";
import { importMappingSchema } from "./mapping";

/** For tests: writes `csv` where a runner in `directory` expects an upload and records the queued import. */
export async function stageImport(
  db: Executor,
  input: { orgId: string; userId: string | null; directory: string; csv: string | Buffer; mapping: Record<string, unknown>; fileName?: string },
) {
  const id = randomUUID();
  const filePath = path.join(input.directory, `${id}.csv`);
  await mkdir(input.directory, { recursive: true });
  await writeFile(filePath, input.csv);
  const mapping = importMappingSchema.parse(input.mapping);
  await createImportJob(db, { userId: input.userId, label: "test" }, input.orgId, {
    id,
    kind: formatById(mapping.format).kind,
    fileName: input.fileName ?? "test.csv",
    fileBytes: Buffer.byteLength(input.csv),
    mapping,
  });
  return { id, filePath };
}
