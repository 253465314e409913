import { describe, expect, it } from "vitest";
import { formatProgress, progressPrinter } from "./progress";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

describe("progress", () => {
  it("formats percent, counts and rate", () => {
    expect(formatProgress("Loading demo data", { done: 500, total: 2000, events: 36_000, elapsedMs: 9_000 })).toBe(
      "Loading demo data: 25% (500/2,000 customers, 36,000 events, 4,000 events/s)",
    );
    expect(formatProgress("x", { done: 0, total: 0, events: 0, elapsedMs: 0 })).toBe("x: 100% (0/0 customers, 0 events, 0 events/s)");
  });

  it("writes a line when it starts and at every tenth in a log", () => {
    const { writes, stream } = fakeStream(false);
    const printer = progressPrinter(stream, "Export");
    for (let done = 1; done <= 100; done++) printer.update({ done, total: 100, events: done * 70, elapsedMs: done * 10 });
    printer.finish();
    expect(writes).toHaveLength(11);
    expect(writes[0]).toMatch(/^Export: 1% /);
    expect(writes.at(-1)).toMatch(/^Export: 100% \(100\/100 customers, 7,000 events/);
    expect(writes.every((w) => w.endsWith("\n"))).toBe(true);
  });

  it("redraws one line on a terminal and ends it when finished", () => {
    const { writes, stream } = fakeStream(true);
    const printer = progressPrinter(stream, "Load");
    printer.update({ done: 1, total: 4, events: 10, elapsedMs: 1 });
    printer.update({ done: 2, total: 4, events: 20, elapsedMs: 2 });
    printer.update({ done: 4, total: 4, events: 40, elapsedMs: 3 });
    printer.finish();
    expect(writes[0]).toMatch(/^\rLoad: 25%/);
    // The second update came too soon to redraw; the last one always draws.
    expect(writes.filter((w) => w.startsWith("\r"))).toHaveLength(2);
    expect(writes.at(-1)).toBe("\n");
  });
});
