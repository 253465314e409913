import type { Executor } from "@/db";
import { listAllOrganizations } from "@/server/services/organizations";
import type { CommandSpec } from "../command";

export type ListOrgsArgs = Record<string, never>;

export async function runListOrgs(db: Executor, _args: ListOrgsArgs = {}) {
  const rows = await listAllOrganizations(db);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

export const listOrgsCommand: CommandSpec<ListOrgsArgs, Awaited<ReturnType<typeof runListOrgs>>> = {
  name: "list-orgs",
  summary: "List every organisation with its member count",
  flags: [],
  run: runListOrgs,
};
