import { z } from "zod";
import type { Executor } from "@/db";
import { DomainError } from "@/server/errors";

export interface FlagSpec {
  /** The flag as typed, without dashes: `owner-email`. Its value reaches the command as `ownerEmail`. */
  name: string;
  /** Placeholder shown in the usage text. */
  value: string;
  description: string;
  required?: boolean;
}

/** One admin CLI command: its flags (all take a value) and what it does with them. */
export interface CommandSpec<Args = never, Result = unknown> {
  name: string;
  summary: string;
  flags: FlagSpec[];
  run(db: Executor, args: Args): Promise<Result>;
  /** A remark for stderr about a successful result (stdout holds nothing but the JSON). */
  notice?(result: Result): string | undefined;
}

/** `owner-email` -> `ownerEmail`. */
export function argName(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Parses with a zod schema; a failure becomes a BAD_REQUEST DomainError whose field errors are keyed
 * like the command's arguments (so they are printed as the flags the operator typed).
 */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const { formErrors, fieldErrors } = z.flattenError(parsed.error) as {
    formErrors: string[];
    fieldErrors: Record<string, string[] | undefined>;
  };
  const defined = Object.fromEntries(Object.entries(fieldErrors).filter((e): e is [string, string[]] => !!e[1]?.length));
  throw new DomainError("BAD_REQUEST", formErrors[0] ?? "Some values are not valid:", { fieldErrors: defined });
}

/** Renames the field errors of a DomainError thrown by a service whose fields are named differently. */
export async function renameFieldErrors<T>(promise: Promise<T>, names: Record<string, string>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (!(error instanceof DomainError) || !error.details.fieldErrors) throw error;
    const fieldErrors = Object.fromEntries(
      Object.entries(error.details.fieldErrors).map(([field, messages]) => [names[field] ?? field, messages]),
    );
    throw new DomainError(error.code, error.message, { ...error.details, fieldErrors });
  }
}
