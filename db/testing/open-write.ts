import type { Executor } from "../index";

/**
 * Runs `write` in a transaction and, once it has run but before the transaction commits, `meanwhile` on
 * another connection; then lets the write commit. For what a concurrent read does while a write is open
 * (PostgreSQL only: the embedded database has one connection, so its reads and writes never overlap).
 */
export async function whileWriteIsOpen(db: Executor, write: (tx: Executor) => Promise<unknown>, meanwhile: () => Promise<unknown>): Promise<void> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let written!: () => void;
  const writeRan = new Promise<void>((resolve) => (written = resolve));
  const transaction = db.transaction(async (tx) => {
    await write(tx);
    written();
    await gate;
  });
  // A write that fails before it signals must fail the test, not leave it waiting.
  await Promise.race([writeRan, transaction]);
  try {
    await meanwhile();
  } finally {
    release();
    await transaction;
  }
}

/**
 * Two writes side by side: `first` stays open while `second` runs on another connection; then both
 * commit. `second` may wait for a lock `first` holds: it is given long enough to commit on its own if
 * nothing holds it (for races where each write misses the other's uncommitted rows), then `first` commits.
 */
export async function writesSideBySide(db: Executor, first: (tx: Executor) => Promise<unknown>, second: () => Promise<unknown>): Promise<void> {
  let pending!: Promise<unknown>;
  await whileWriteIsOpen(db, first, async () => {
    pending = second();
    await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 500))]);
  });
  await pending;
}
