import type { DatabaseHandle } from "../index";

/**
 * Makes the app's shared database handle (getDb()) the given test database, so that route handlers
 * and services that call getDb() can be exercised in-process: `await POST(new Request(...))`.
 */
export function useAsAppDatabase(handle: DatabaseHandle): void {
  (globalThis as unknown as { aftercartDb?: Promise<DatabaseHandle> }).aftercartDb = Promise.resolve(handle);
}
