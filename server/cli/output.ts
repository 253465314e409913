import { EmbeddedDatabaseBusyError } from "@/db/embedded-lock";
import { DomainError } from "@/server/errors";

/** 0: done; 1: the command ran and failed; 2: the command line itself was wrong (usage on stderr). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A wrong command line: unknown command, unknown or missing flag. Exits 2 with the usage text. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The usage text to show under the message (the command's own, or the general one). */
    readonly usage: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** Results go to stdout as JSON and nothing else, so that they can be piped into jq. */
export function printJson(value: unknown, { compact = false } = {}): void {
  process.stdout.write(`${JSON.stringify(value, null, compact ? undefined : 2)}\n`);
}

export function printNotice(message: string): void {
  process.stderr.write(`note: ${message}\n`);
}

/** `timeZone` -> `--time-zone`: field errors name the flag the operator typed. */
export function flagFor(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function formatDomainError(error: DomainError): string {
  const entries = Object.entries(error.details.fieldErrors ?? {}).flatMap(([field, messages]) =>
    messages.map((message) => [flagFor(field), message] as const),
  );
  // Most single-field errors repeat the message itself: say it once, with the flag.
  if (entries.length === 1 && entries[0]![1] === error.message) return `error: ${entries[0]![0]}: ${error.message}`;
  return [`error: ${error.message}`, ...entries.map(([flag, message]) => `  ${flag}: ${message}`)].join("\n");
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message) return error.message;
  // Connection failures (happy eyeballs) come as an AggregateError with an empty message.
  const inner = error instanceof AggregateError ? error.errors.find((e) => e instanceof Error && e.message) : undefined;
  if (inner) return (inner as Error).message;
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${error.name} (${code})` : error.name;
}

/** The error and its causes, outermost first (drizzle wraps driver errors in "Failed query: …"). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && chain.length < 5; e = e instanceof Error ? e.cause : undefined) {
    chain.push(e);
  }
  return chain;
}

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "CONNECT_TIMEOUT"]);

function unreachableDatabase(chain: unknown[]): unknown {
  return chain.find((e) => {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    const inner = e instanceof AggregateError ? (e.errors[0] as NodeJS.ErrnoException | undefined)?.code : undefined;
    return (code && UNREACHABLE.has(code)) || (inner && UNREACHABLE.has(inner));
  });
}

/** Prints the error to stderr and returns the exit code it stands for. */
export function reportError(error: unknown): ExitCode {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n\n${error.usage}\n`);
    return EXIT.usage;
  }
  if (error instanceof DomainError) {
    process.stderr.write(`${formatDomainError(error)}\n`);
    return EXIT.failure;
  }
  if (error instanceof EmbeddedDatabaseBusyError) {
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT.failure;
  }
  const chain = causeChain(error);
  const unreachable = unreachableDatabase(chain);
  if (unreachable) {
    process.stderr.write(
      `error: Cannot reach the database (${messageOf(unreachable)}). Check DATABASE_URL and that PostgreSQL is running.\n`,
    );
    return EXIT.failure;
  }
  process.stderr.write(`Unexpected error: ${chain.map(messageOf).join("\n  caused by: ")}\n`);
  if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write("(set DEBUG=1 to see the stack trace)\n");
  return EXIT.failure;
}

/**
 * Runs a CLI's main function and sets the exit code. It does not call process.exit(): the process
 * ends once the database is closed, after stdout has been flushed.
 */
export async function runCli(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    process.exitCode = reportError(error);
  }
}
