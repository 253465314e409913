/**
 * `npm run demo:export -- --customers 100000 --out events.ndjson [--seed 1] [--now <iso>]`: writes the
 * generated demo events as NDJSON, one event per line, without touching a database (ingest
 * benchmarks replay the file against the API). Progress goes to stderr, the summary to stdout.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { writeDemoNdjson } from "@/server/demo/ndjson";
import { DomainError } from "@/server/errors";
import { validateInput } from "./command";
import { demoDataArgs } from "./demo-args";
import { EXIT, UsageError, printJson, runCli } from "./output";
import { progressPrinter } from "./progress";

const USAGE = [
  "Usage: npm run demo:export -- --customers <n> --out <file> [--seed <n>] [--now <iso>]",
  "",
  "  Write a year of generated demo events as NDJSON (about 70 events per customer).",
  "",
  "    --customers <n>  (required) customers to generate, 1 to 1,000,000",
  "    --out <file>     (required) the file to write (replaced if it exists)",
  "    --seed <n>       random seed (default 1): the same seed, size and --now give the same file",
  "    --now <iso>      end of the generated year, e.g. 2026-03-02T10:15:00Z (default: now)",
].join("\n");

const exportArgs = demoDataArgs.extend({ out: z.string().trim().min(1, { message: "Give the file to write." }) });

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { customers: { type: "string" }, out: { type: "string" }, seed: { type: "string" }, now: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message, USAGE);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const missing = ["customers", "out"].filter((flag) => values[flag] === undefined);
  if (missing.length) throw new UsageError(`demo:export needs ${missing.map((f) => `--${f}`).join(", ")}.`, USAGE);
  const input = validateInput(exportArgs, { customers: values.customers, out: values.out, seed: values.seed ?? "1", now: values.now });

  const now = input.now ?? new Date();
  const printer = progressPrinter(process.stderr, `Writing ${input.out}`);
  const started = performance.now();
  let customersDone = 0;
  let written: { events: number; bytes: number };
  try {
    written = await writeDemoNdjson(input.out, { seed: input.seed, customers: input.customers, now, onProgress: (done) => (customersDone = done) }, (events) =>
      printer.update({ done: customersDone, total: input.customers, events, elapsedMs: performance.now() - started }),
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    // A missing folder, a full disk, no permission: say which file, in words.
    const message = `Cannot write ${input.out}: ${(error as Error).message.replace(/^[A-Z]+: /, "")}.`;
    throw new DomainError("BAD_REQUEST", message, { fieldErrors: { out: [message] } });
  } finally {
    printer.finish();
  }
  printJson({ out: input.out, seed: input.seed, customers: input.customers, now: now.toISOString(), ...written, seconds: Math.round((performance.now() - started) / 100) / 10 });
  return EXIT.ok;
}

await runCli(() => main(process.argv.slice(2)));
