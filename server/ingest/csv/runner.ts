import "server-only";
import { rm } from "node:fs/promises";
import path from "node:path";
import type { Database } from "@/db";
import { recoverImportJobs } from "./jobs";
import { processImportJob } from "./process";

interface JobRef {
  orgId: string;
  id: string;
}

/**
 * Runs the imports of this server process, one at a time, in the background. Uploaded files wait in
 * `directory` as <importId>.csv; a file is deleted once its import has succeeded, and kept after a
 * failure or a cancel so that the import can be started again.
 */
export class ImportRunner {
  private readonly queue: JobRef[] = [];
  private active: { ref: JobRef; controller: AbortController } | null = null;
  private draining: Promise<void> | null = null;
  /** Resolves once imports left behind by an earlier process have been dealt with. */
  readonly ready: Promise<void>;

  constructor(
    private readonly db: Database,
    readonly directory: string,
  ) {
    this.ready = this.recover();
  }

  filePath(importId: string): string {
    return path.join(this.directory, `${importId}.csv`);
  }

  enqueue(ref: JobRef): void {
    this.queue.push(ref);
    this.kick();
  }

  /** Stops the import at once if this process runs it (the database status says canceled already). */
  cancel(ref: JobRef): void {
    const index = this.queue.findIndex((q) => q.id === ref.id && q.orgId === ref.orgId);
    if (index >= 0) this.queue.splice(index, 1);
    if (this.active?.ref.id === ref.id && this.active.ref.orgId === ref.orgId) this.active.controller.abort();
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  async idle(): Promise<void> {
    await this.ready;
    while (this.draining) await this.draining;
  }

  private async recover(): Promise<void> {
    try {
      // A process that stopped mid-import left it "running": no one will finish it.
      const { failed, queued } = await recoverImportJobs(this.db);
      if (failed) console.warn(`[imports] ${failed} import(s) interrupted by a restart were marked failed`);
      for (const ref of queued) this.enqueue(ref);
    } catch (error) {
      console.error("[imports] could not recover the imports of an earlier process", error);
    }
  }

  private kick(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      if (this.queue.length) this.kick();
    });
  }

  private async drain(): Promise<void> {
    for (let ref = this.queue.shift(); ref; ref = this.queue.shift()) {
      const controller = new AbortController();
      this.active = { ref, controller };
      try {
        const job = await processImportJob(this.db, ref.orgId, ref.id, { filePath: this.filePath(ref.id), signal: controller.signal });
        if (job?.status === "succeeded") await rm(this.filePath(ref.id), { force: true });
      } catch (error) {
        console.error(`[imports] import ${ref.id} could not be run`, error);
      } finally {
        this.active = null;
      }
    }
  }
}

// One runner per database handle and process, kept on globalThis: route handlers and the tRPC
// endpoint are bundled separately and must share it, and dev-mode reloads must not start a second.
const globalForImports = globalThis as unknown as { aftercartImportRunners?: WeakMap<Database, ImportRunner> };

/** The runner of this process for `db`; created (and recovering) on first use. */
export function importRunnerFor(db: Database, options: { directory?: string } = {}): ImportRunner {
  const runners = (globalForImports.aftercartImportRunners ??= new WeakMap());
  let runner = runners.get(db);
  if (!runner) {
    runner = new ImportRunner(db, options.directory ?? path.resolve(".data/imports"));
    runners.set(db, runner);
  }
  return runner;
}
