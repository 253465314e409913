/**
 * Operator CLI: `npm run admin -- <command> [--flags]`. Results are JSON on stdout; errors go to
 * stderr. Exit codes: 0 done, 1 failed, 2 wrong command line.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { argName } from "./command";
import type { AnyCommand } from "./commands";
import { withMigratedDatabase } from "./database";
import { EXIT, UsageError, printJson, printNotice, runCli, type ExitCode } from "./output";


const PROGRAM = "npm run admin --";

function pad(text: string, width: number): string {
  return text.padEnd(width);
}

function flagLines(command: AnyCommand): string[] {
  const rows = command.flags.map((f) => [`--${f.name} ${f.value}`, `${f.required ? "(required) " : ""}${f.description}`]);
  const width = Math.max(0, ...rows.map(([left]) => left!.length)) + 2;
  return rows.map(([left, right]) => `    ${pad(left!, width)}${right}`);
}

function commandUsage(command: AnyCommand): string {
  const required = command.flags.filter((f) => f.required).map((f) => `--${f.name} ${f.value}`);
  const optional = command.flags.some((f) => !f.required) ? ["[options]"] : [];
  return [
    `Usage: ${PROGRAM} ${[command.name, ...required, ...optional].join(" ")}`,
    "",
    `  ${command.summary}.`,
    ...(command.flags.length ? ["", ...flagLines(command)] : []),
  ].join("\n");
}

function generalUsage(commands: readonly AnyCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), "help [command]".length) + 3;
  return [
    `Usage: ${PROGRAM} <command> [--flags]`,
    "",
    "Commands:",
    ...commands.map((c) => `  ${pad(c.name, width)}${c.summary}`),
    `  ${pad("help [command]", width)}Show this text, or a command's flags`,
    "",
    ...commands.filter((c) => c.flags.length).flatMap((c) => [`${c.name}:`, ...flagLines(c), ""]),
    "The database is the one DATABASE_URL names (unset: embedded PGlite in .data/pglite); pending",
    "migrations are applied first. The embedded database serves one process at a time: stop the app",
    "before running a command on it.",
    "Output: JSON on stdout, errors on stderr. Exit codes: 0 done, 1 failed, 2 wrong command line.",
  ].join("\n");
}

type Invocation =
  | { kind: "help"; text: string }
  | { kind: "run"; command: AnyCommand; args: Record<string, string> };

function parseInvocation(argv: string[], commands: readonly AnyCommand[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError("Give a command.", generalUsage(commands));
  if (first === "help" || first === "--help" || first === "-h") {
    if (rest[0] === undefined) return { kind: "help", text: generalUsage(commands) };
    const topic = commands.find((c) => c.name === rest[0]);
    if (!topic) throw new UsageError(`Unknown command "${rest[0]}".`, generalUsage(commands));
    return { kind: "help", text: commandUsage(topic) };
  }
  if (first.startsWith("-")) throw new UsageError(`Give the command before the flags (found ${first}).`, generalUsage(commands));
  const command = commands.find((c) => c.name === first);
  if (!command) throw new UsageError(`Unknown command "${first}".`, generalUsage(commands));

  const options: NonNullable<ParseArgsConfig["options"]> = { help: { type: "boolean", short: "h" } };
  for (const flag of command.flags) options[flag.name] = { type: "string" };
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: rest, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message, commandUsage(command));
  }
  if (values.help) return { kind: "help", text: commandUsage(command) };
  const missing = command.flags.filter((f) => f.required && values[f.name] === undefined);
  if (missing.length) {
    throw new UsageError(`${command.name} needs ${missing.map((f) => `--${f.name}`).join(", ")}.`, commandUsage(command));
  }
  const args: Record<string, string> = {};
  for (const flag of command.flags) {
    const value = values[flag.name];
    if (typeof value === "string") args[argName(flag.name)] = value;
  }
  return { kind: "run", command, args };
}

async function main(argv: string[]): Promise<ExitCode> {
  // Imported here, not statically: the services behind the commands validate the environment when
  // they load, and a failure there must be reported like any other error.
  const { COMMANDS } = await import("./commands");
  const invocation = parseInvocation(argv, COMMANDS);
  if (invocation.kind === "help") {
    process.stdout.write(`${invocation.text}\n`);
    return EXIT.ok;
  }
  const { command, args } = invocation;
  const result = await withMigratedDatabase(({ db }) => command.run(db, args as never));
  printJson(result);
  const notice = command.notice?.(result);
  if (notice) printNotice(notice);
  return EXIT.ok;
}

await runCli(() => main(process.argv.slice(2)));
