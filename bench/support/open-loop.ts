import http from "node:http";

export interface OpenLoopResult {
  requests: number;
  non2xx: number;
  errors: number;
  /** Milliseconds from each request's scheduled start to its whole response. */
  latencies: number[];
}

/**
 * Sends requests at a steady rate whatever the server does (an open loop): request i is due at
 * start + i / rate, and its latency counts from that moment, so a slow server or a late generator
 * shows up as latency instead of as fewer requests (no coordinated omission).
 *
 * Why not autocannon's `overallRate`: it gives each connection a per-second quota that the
 * connection spends back to back at the start of every second, i.e. bursts of `connections`
 * concurrent requests, then silence. That measures a burst, not "N requests per second".
 */
export async function openLoop(options: {
  url: string;
  headers: Record<string, string>;
  rate: number;
  seconds: number;
  body: () => string;
}): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(options.url);
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const body = options.body();
      const request = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { ...options.headers, "content-length": Buffer.byteLength(body) } },
        (response) => {
          response.resume();
          response.on("end", () => {
            latencies.push(performance.now() - due);
            if (!response.statusCode || response.statusCode < 200 || response.statusCode >= 300) non2xx += 1;
            resolve();
          });
        },
      );
      request.on("error", () => {
        errors += 1;
        resolve();
      });
      request.end(body);
    });

  const start = performance.now() + 10;
  const inFlight: Promise<void>[] = [];
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && start + (next * 1000) / options.rate <= now) {
      inFlight.push(send(start + (next * 1000) / options.rate));
      next += 1;
    }
    const wait = start + (next * 1000) / options.rate - performance.now();
    await new Promise((r) => setTimeout(r, Math.max(0, wait)));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { requests: total, non2xx, errors, latencies };
}

export function percentileOf(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
