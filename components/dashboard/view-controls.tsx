"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { INTERVAL_LABELS, RANGE_PRESETS, viewSearch, type RangePreset, type ViewInterval } from "@/lib/dashboard/view";
import type { Segment } from "@/lib/metrics/segment";
import { useDashboard } from "./dashboard-context";

const control = "h-9 rounded-lg border border-line bg-surface px-2.5 text-sm text-ink";

function Labelled({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <label className={cn("flex flex-col gap-1 text-xs font-medium text-muted", className)}>
      {label}
      {children}
    </label>
  );
}

/** Which controls a page offers: the cohort table has no series and no previous period. */
export interface ControlSet {
  interval: boolean;
  compare: boolean;
  segment: boolean;
}
export const ALL_CONTROLS: ControlSet = { interval: true, compare: true, segment: true };

/**
 * The view controls: range, interval, comparison and segment. Every change is a new URL (so the
 * back button and a shared link work) and the server renders the page for it.
 */
export function ViewControls({ controls }: { controls: ControlSet }) {
  const showSegment = controls.segment;
  const view = useDashboard();
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [customFrom, setCustomFrom] = useState(view.from);
  const [customTo, setCustomTo] = useState(view.through);
  const [traitKey, setTraitKey] = useState("");
  const [traitValue, setTraitValue] = useState("");

  const go = (change: Partial<typeof view>) => {
    // A new range gets the interval that suits it; other changes keep the one on screen.
    const interval = change.interval ?? (change.range || change.from ? null : view.interval);
    const search = viewSearch({ ...view, ...change, interval }, view.defaultRange);
    startTransition(() => router.push(`${pathname}${search}`, { scroll: false }));
  };
  const setSegment = (segment: Segment) => {
    const clean = Object.fromEntries(Object.entries(segment).filter(([, v]) => v !== undefined && v !== "" && !(typeof v === "object" && !Object.keys(v).length)));
    go({ segment: Object.keys(clean).length ? (clean as Segment) : null });
  };
  const segment = view.segment ?? {};
  const traits = Object.entries(segment.traits ?? {});

  return (
    <div className="mb-6 rounded-xl border border-line bg-surface p-3 shadow-xs" aria-busy={pending}>
      <div className="flex flex-wrap items-end gap-3">
        <Labelled label="Range">
          <select
            className={control}
            value={view.range}
            onChange={(e) => {
              const range = e.target.value as RangePreset;
              if (range === "custom") go({ range, from: customFrom, through: customTo });
              else go({ range });
            }}
          >
            {Object.entries(RANGE_PRESETS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Labelled>
        {view.range === "custom" && (
          <form
            className="flex items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              go({ range: "custom", from: customFrom, through: customTo });
            }}
          >
            <Labelled label="From">
              <input type="date" className={control} value={customFrom} onChange={(e) => setCustomFrom(e.target.value)} required />
            </Labelled>
            <Labelled label="To (inclusive)">
              <input type="date" className={control} value={customTo} onChange={(e) => setCustomTo(e.target.value)} required />
            </Labelled>
            <button type="submit" className={cn(control, "font-medium hover:bg-canvas")}>
              Apply
            </button>
          </form>
        )}
        {controls.interval && (
        <Labelled label="Interval">
          <select className={control} value={view.interval} onChange={(e) => go({ interval: e.target.value as ViewInterval })}>
            {Object.entries(INTERVAL_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Labelled>
        )}
        {controls.compare && (
        <label className="flex h-9 items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-brand-600" checked={view.compare} onChange={(e) => go({ compare: e.target.checked })} />
          Compare to previous period
        </label>
        )}
        {showSegment && (
          <>
            <Labelled label="Loyalty">
              <select className={control} value={segment.loyalty ?? ""} onChange={(e) => setSegment({ ...segment, loyalty: (e.target.value || undefined) as Segment["loyalty"] })}>
                <option value="">Everyone</option>
                <option value="member">Members</option>
                <option value="non_member">Non-members</option>
              </select>
            </Labelled>
            <Labelled label="Sustainability engagement">
              <select
                className={control}
                value={segment.engagement ?? ""}
                onChange={(e) => setSegment({ ...segment, engagement: (e.target.value || undefined) as Segment["engagement"] })}
              >
                <option value="">Any</option>
                <option value="high">High (3+ in 90 days)</option>
                <option value="low">Low (1-2)</option>
                <option value="none">None</option>
              </select>
            </Labelled>
            <Labelled label="First order in">
              <input
                type="month"
                className={control}
                value={segment.cohort ?? ""}
                onChange={(e) => setSegment({ ...segment, cohort: e.target.value || undefined })}
                placeholder="YYYY-MM"
              />
            </Labelled>
            <form
              className="flex items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (!traitKey.trim() || !traitValue.trim()) return;
                setSegment({ ...segment, traits: { ...segment.traits, [traitKey.trim()]: traitValue.trim() } });
                setTraitKey("");
                setTraitValue("");
              }}
            >
              <Labelled label="Trait">
                <input className={cn(control, "w-28")} value={traitKey} onChange={(e) => setTraitKey(e.target.value)} placeholder="country" maxLength={64} />
              </Labelled>
              <Labelled label="equals">
                <input className={cn(control, "w-28")} value={traitValue} onChange={(e) => setTraitValue(e.target.value)} placeholder="DE" maxLength={256} />
              </Labelled>
              <button type="submit" className={cn(control, "font-medium hover:bg-canvas")}>
                Add filter
              </button>
            </form>
          </>
        )}
        {pending && (
          <span role="status" className="flex h-9 items-center gap-2 text-sm text-muted">
            <span className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent" aria-hidden />
            Updating…
          </span>
        )}
      </div>
      {showSegment && traits.length > 0 && (
        <ul className="mt-3 flex flex-wrap gap-2" aria-label="Trait filters">
          {traits.map(([key, value]) => (
            <li key={key} className="flex items-center gap-1 rounded-full border border-brand-100 bg-brand-50 py-0.5 pr-1 pl-2.5 text-xs text-brand-700">
              <span>
                {key} = {String(value)}
              </span>
              <button
                type="button"
                className="rounded-full px-1.5 hover:bg-brand-100"
                aria-label={`Remove the filter ${key} = ${String(value)}`}
                onClick={() => {
                  const rest = { ...segment.traits };
                  delete rest[key];
                  setSegment({ ...segment, traits: rest });
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
