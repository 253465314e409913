import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

export interface RunningServer {
  url: string;
  /** SIGKILL to the whole process group: no shutdown hooks, no flushing, as in a crash. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `next start` of an existing production build, in a process group of its own so that a kill reaches
 * everything it started. The output is kept and printed only if the server fails to come up.
 */
export async function startServer(options: { port: number; distDir: string; env: Record<string, string> }): Promise<RunningServer> {
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(options.port)], {
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: options.distDir, ...options.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      signal(child, "SIGKILL");
      throw new Error(`the server was not ready after 60 s:\n${output}`);
    }
    const ready = await fetch(`${url}/sign-in`).then((r) => r.ok, () => false);
    if (ready) break;
    await sleep(250);
  }

  return {
    url,
    crash: async () => (signal(child, "SIGKILL"), await exited),
    stop: async () => {
      signal(child, "SIGTERM");
      await Promise.race([exited, sleep(10_000).then(() => signal(child, "SIGKILL"))]);
    },
  };
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, name);
  } catch {
    // Already gone.
  }
}
