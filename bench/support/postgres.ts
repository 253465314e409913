import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "@/db";
import { migrateToLatest } from "@/db/migrate";

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops and recreates `name`, migrates it, and opens it. */
export async function freshDatabase(name: string): Promise<DatabaseHandle> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const handle = await openDatabase({ engine: "postgres", url: databaseUrl(name) });
  await migrateToLatest(handle);
  return handle;
}
