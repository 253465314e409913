import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { generateDemoEvents, type DemoOptions } from "./generate";

/** The demo events as NDJSON chunks: one event per line, one chunk per batch. */
export async function* demoNdjson(options: DemoOptions, onEvents?: (events: number) => void): AsyncGenerator<string, void, undefined> {
  let events = 0;
  for await (const batch of generateDemoEvents(options)) {
    events += batch.length;
    onEvents?.(events);
    yield `${batch.map((event) => JSON.stringify(event)).join("\n")}\n`;
  }
}

/**
 * Writes the demo events to `path` as NDJSON (for ingest benchmarks and imports), streaming with
 * backpressure so that a million customers never sit in memory. Returns what was written.
 */
export async function writeDemoNdjson(path: string, options: DemoOptions, onEvents?: (events: number) => void): Promise<{ events: number; bytes: number }> {
  let events = 0;
  let bytes = 0;
  const counted = async function* () {
    for await (const chunk of demoNdjson(options, (n) => {
      events = n;
      onEvents?.(n);
    })) {
      bytes += Buffer.byteLength(chunk);
      yield chunk;
    }
  };
  // Opened first: a missing folder fails at once rather than after generating the first batches.
  const file = createWriteStream(path);
  await new Promise<void>((resolve, reject) => {
    file.once("open", () => resolve());
    file.once("error", reject);
  });
  await pipeline(Readable.from(counted()), file);
  return { events, bytes };
}
