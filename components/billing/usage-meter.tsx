import { cn } from "@/components/ui/cn";

const n = (v: number) => v.toLocaleString("en-US");

/** One limit as a labelled bar: used of allowed, coloured from 80 % on; "unlimited" without a limit. */
export function UsageMeter({ label, used, limit, note }: { label: string; used: number; limit: number | null; note?: string }) {
  const share = limit ? used / limit : 0;
  const tone = share >= 1 ? "bg-danger-600" : share >= 0.8 ? "bg-warning-700" : "bg-brand-600";
  return (
    <div>
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium text-ink">{label}</span>
        <span className="tabular-nums text-muted">
          {n(used)} {limit === null ? "(unlimited)" : `of ${n(limit)}`}
          {limit !== null && <span className="ml-1">· {Math.floor(share * 100)}%</span>}
        </span>
      </div>
      {limit !== null && (
        <div
          role="meter"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={limit}
          aria-valuenow={Math.min(used, limit)}
          aria-valuetext={`${n(used)} of ${n(limit)}`}
          className="mt-1.5 h-2 overflow-hidden rounded-full bg-canvas ring-1 ring-line"
        >
          <div className={cn("h-full rounded-full", tone)} style={{ width: `${Math.min(100, share * 100)}%` }} />
        </div>
      )}
      {note && <p className="mt-1 text-xs text-muted">{note}</p>}
    </div>
  );
}
