import type { CommandSpec } from "../command";
import { createOrgCommand } from "./create-org";
import { generateDemoCommand } from "./generate-demo";
import { importCommand } from "./import";
import { listOrgsCommand } from "./list-orgs";
import { resetPasswordCommand } from "./reset-password";

export type AnyCommand = CommandSpec<never, unknown>;

/** The admin CLI's commands, in the order the usage text lists them. */
export const COMMANDS: readonly AnyCommand[] = [createOrgCommand, resetPasswordCommand, listOrgsCommand, importCommand, generateDemoCommand] as AnyCommand[];
