import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveUpload, UploadTooLarge } from "./storage";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "aftercart-storage-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const body = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });

describe("saveUpload", () => {
  it("writes the stream to the target, creating the directory, and returns its size", async () => {
    const target = path.join(dir, "nested", "a.csv");
    expect(await saveUpload(body("id\n", "1\n"), target)).toBe(5);
    expect(await readFile(target, "utf8")).toBe("id\n1\n");
  });

  it("stops at the limit and leaves no partial file behind", async () => {
    const target = path.join(dir, "b.csv");
    await expect(saveUpload(body("1234", "5678"), target, 6)).rejects.toBeInstanceOf(UploadTooLarge);
    expect(await readdir(dir)).toEqual([]);
  });
});
