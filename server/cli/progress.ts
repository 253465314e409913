/**
 * A progress line for long CLI jobs (loading or exporting demo data). On a terminal it redraws one
 * line a few times a second; in a log (not a TTY) it writes a line when it starts and at every tenth
 * of the way.
 */
export interface ProgressReport {
  done: number;
  total: number;
  /** Events so far, for the rate. */
  events: number;
  elapsedMs: number;
}

const number = (n: number) => Math.round(n).toLocaleString("en");

export function formatProgress(label: string, p: ProgressReport, unit = "customers"): string {
  const percent = p.total ? Math.floor((100 * p.done) / p.total) : 100;
  const rate = p.elapsedMs > 0 ? (1000 * p.events) / p.elapsedMs : 0;
  return `${label}: ${percent}% (${number(p.done)}/${number(p.total)} ${unit}, ${number(p.events)} events, ${number(rate)} events/s)`;
}

export function progressPrinter(stream: NodeJS.WriteStream, label: string, unit?: string) {
  // -Infinity, not 0: performance.now() counts from process start, so a young process would skip
  // its first draw.
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastTenth = -1;
  let drawn = false;
  return {
    update(p: ProgressReport): void {
      const line = formatProgress(label, p, unit);
      if (stream.isTTY) {
        const now = performance.now();
        if (now - lastDraw < 200 && p.done < p.total) return;
        lastDraw = now;
        stream.write(`\r${line}\x1b[K`);
        drawn = true;
        return;
      }
      const tenth = p.total ? Math.floor((10 * p.done) / p.total) : 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${line}\n`);
      }
    },
    /** Ends the redrawn line so that what follows starts on a new one. */
    finish(): void {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}
