import { appRouter } from "./root";
import type { Meta } from "./trpc";

export interface ProcedureInfo {
  path: string;
  type: "query" | "mutation" | "subscription";
  meta: Meta;
  /** Keys of the object inputs the procedure declares (its own and those it inherits). */
  inputKeys: string[];
}

interface RawProcedure {
  _def: { type: ProcedureInfo["type"]; meta?: Meta; inputs: unknown[] };
}

/** Every procedure of the app router, for the tests that must cover procedures added later too. */
export function listProcedures(): ProcedureInfo[] {
  const procedures = (appRouter._def as unknown as { procedures: Record<string, RawProcedure> }).procedures;
  return Object.entries(procedures).map(([path, procedure]) => ({
    path,
    type: procedure._def.type,
    meta: procedure._def.meta ?? {},
    inputKeys: procedure._def.inputs.flatMap((input) => {
      const shape = (input as { shape?: Record<string, unknown> }).shape;
      return shape ? Object.keys(shape) : [];
    }),
  }));
}

/** Calls `path` ("member.list") on a caller built by createCaller. */
export function callPath(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (fn as (input: unknown) => Promise<unknown>)(input);
}
