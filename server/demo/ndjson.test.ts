import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { demoNdjson, writeDemoNdjson } from "./ndjson";

const dir = mkdtempSync(path.join(tmpdir(), "demo-ndjson-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = { seed: 4, customers: 30, now: new Date("2026-05-01T12:00:00Z") };

describe("writeDemoNdjson", () => {
  it("writes one event per line, the same bytes as the stream, and says how much", async () => {
    const file = path.join(dir, "events.ndjson");
    const progress: number[] = [];
    const written = await writeDemoNdjson(file, options, (n) => progress.push(n));
    const text = readFileSync(file, "utf8");
    const lines = text.trimEnd().split("\n");
    expect(written).toEqual({ events: lines.length, bytes: Buffer.byteLength(text) });
    expect(progress.at(-1)).toBe(lines.length);
    for (const line of lines.slice(0, 50)) expect(JSON.parse(line)).toMatchObject({ id: expect.any(String), type: expect.any(String), timestamp: expect.any(String) });

    const streamed = createHash("sha256");
    for await (const chunk of demoNdjson(options)) streamed.update(chunk);
    expect(createHash("sha256").update(text).digest("hex")).toBe(streamed.digest("hex"));
  });

  it("fails at once, before generating, when the file cannot be created", async () => {
    let generated = 0;
    await expect(writeDemoNdjson(path.join(dir, "missing", "events.ndjson"), { ...options, onProgress: () => generated++ })).rejects.toMatchObject({ code: "ENOENT" });
    expect(generated).toBe(0);
  });
});
