import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>["import"];
export type ImportDetail = Outputs["get"];
export type ImportSummary = Outputs["list"][number];
export type ImportFormat = Outputs["formats"][number];
export type ImportPreview = Outputs["preview"];
export type ImportStatus = ImportSummary["status"];

export const STATUS_LABELS: Record<ImportStatus, string> = {
  queued: "Waiting",
  running: "Importing",
  succeeded: "Done",
  failed: "Failed",
  canceled: "Canceled",
};

export const STATUS_TONES = { queued: "neutral", running: "brand", succeeded: "brand", failed: "danger", canceled: "warning" } as const;

export function isActive(status: ImportStatus): boolean {
  return status === "queued" || status === "running";
}

export const count = (n: number) => n.toLocaleString("en");

/** "1 min 05 s", "12 s": how long an import ran. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
