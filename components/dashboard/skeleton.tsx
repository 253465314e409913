export function PanelSkeleton({ height }: { height: number }) {
  return (
    <div className="animate-pulse rounded-xl border border-line bg-surface p-5" style={{ height }} role="status" aria-label="Loading">
      <div className="h-4 w-40 rounded bg-black/5" />
      <div className="mt-2 h-3 w-64 max-w-full rounded bg-black/5" />
      <div className="mt-6 h-[calc(100%-4rem)] rounded-lg bg-black/[0.03]" />
    </div>
  );
}
