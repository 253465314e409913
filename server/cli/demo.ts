/**
 * `npm run demo`: the README's quick start. With no configuration at all it prepares the embedded
 * database (migrations, a demo account and organisation, and on the first start a year of demo
 * data), builds the app when the build is missing or stale, and serves it with `next start`.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { constants } from "node:os";
import type { Database } from "@/db";
import { buildStatus } from "./build-staleness";
import { withMigratedDatabase } from "./database";
import { DEMO_DATA, demoOrganizationId, ensureDemoOrganization, loadDemoData } from "./demo-seed";
import { EXIT, runCli } from "./output";
import { progressPrinter } from "./progress";

const NEXT_BIN = createRequire(import.meta.url).resolve("next/dist/bin/next");

/**
 * Runs `next <args>` in the foreground (stdio inherited) and resolves with its exit code. Ctrl+C or
 * a SIGTERM reaches this process and is passed on, so that Next shuts down cleanly.
 */
function runNext(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, ...args], {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    const stopForwarding = () => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
    };
    child.once("error", (error) => {
      stopForwarding();
      reject(error);
    });
    child.once("exit", (code, signal) => {
      stopForwarding();
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/** A year of a demo shop's data, on the first start only; later starts find it and go on. */
async function loadDemoDataOnFirstStart(db: Database): Promise<void> {
  const printer = progressPrinter(process.stdout, "Loading demo data");
  const result = await loadDemoData(
    db,
    await demoOrganizationId(db),
    { ...DEMO_DATA, now: new Date(), firstStartOnly: true },
    (p) => printer.update({ done: p.customersDone, total: p.customers, events: p.events, elapsedMs: p.elapsedMs }),
  );
  printer.finish();
  if (result.status === "skipped") {
    process.stdout.write(`${result.reason}\n`);
    return;
  }
  const rate = Math.round(result.events / Math.max(result.seconds, 0.1)).toLocaleString("en");
  process.stdout.write(
    `Demo data ${result.resumed ? "load finished" : "loaded"}: ${result.customers.toLocaleString("en")} customers, ` +
      `${result.accepted.toLocaleString("en")} events in ${result.seconds} s (${rate} events/s).\n`,
  );
  if (result.rejected) {
    process.stderr.write(`warning: ${result.rejected} demo events were rejected, e.g.\n  ${result.rejections.join("\n  ")}\n`);
  }
}

function box(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const row = (text: string) => `│  ${text.padEnd(width - 4)}  │`;
  return ["┌" + "─".repeat(width) + "┐", ...lines.map(row), "└" + "─".repeat(width) + "┘"].join("\n");
}

await runCli(async () => {
  const port = process.env.PORT || "3000";
  if (!/^\d{1,5}$/.test(port)) {
    process.stderr.write(`error: PORT must be a port number (got "${port}").\n`);
    return EXIT.failure;
  }

  // Seed, then close: the app opens the embedded database itself, and it serves one process at a time.
  const demo = await withMigratedDatabase(async ({ db }) => {
    const account = await ensureDemoOrganization(db);
    process.stdout.write(account.created ? "Demo account and organisation created.\n" : "Demo account and organisation already in place.\n");
    await loadDemoDataOnFirstStart(db);
    return account;
  });

  const status = buildStatus(process.cwd());
  if (status.stale) {
    process.stdout.write(`Building the app (${status.reason}); this takes a minute or two…\n`);
    const code = await runNext(["build"], {});
    if (code !== 0) {
      process.stderr.write(code > 128 ? "The build was interrupted.\n" : `error: next build failed (exit code ${code}).\n`);
      return code;
    }
  }

  process.stdout.write(
    `\n${box([
      "Aftercart demo",
      "",
      `Open      http://localhost:${port}`,
      `Email     ${demo.email}`,
      `Password  ${demo.password}`,
      "",
      "Stop with Ctrl+C",
    ])}\n\n`,
  );
  return runNext(["start", "-p", port], { AFTERCART_DEMO: "1" });
});
