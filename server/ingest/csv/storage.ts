import "server-only";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

/** 2 GB: what a merchant's largest exports reach; import_jobs counts bytes in a 32-bit integer. */
export const MAX_UPLOAD_BYTES = 2_000_000_000;

export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than ${limit / 1e9} GB. Split it into smaller files and import them one after the other.`);
    this.name = "UploadTooLarge";
  }
}

/**
 * Streams an upload to `target` without holding it in memory. It is written beside the target and
 * renamed when complete, so a half-written file is never taken for an upload. Returns its size.
 */
export async function saveUpload(body: ReadableStream<Uint8Array>, target: string, limit = MAX_UPLOAD_BYTES): Promise<number> {
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.part`;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(bytes > limit ? new UploadTooLarge(limit) : null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>), counter, createWriteStream(partial));
    await rename(partial, target);
    return bytes;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
