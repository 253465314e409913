"use client";

import { useCallback, useId, useRef, useState } from "react";
import { useDismiss } from "@/components/ui/use-dismiss";
import type { EventFacets } from "./types";

interface Props {
  facets: EventFacets["types"];
  selected: string[];
  custom: boolean;
  onChange: (next: { types: string[]; custom: boolean }) => void;
}

function summary(selected: string[], custom: boolean): string {
  const parts = selected.length === 1 ? [selected[0]!] : selected.length > 1 ? [`${selected.length} types`] : [];
  if (custom) parts.push("custom events");
  return parts.length ? parts.join(" + ") : "All types";
}

/** A multi-select of the types present, with their counts, and "every custom event" on top. */
export function TypePicker({ facets, selected, custom, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const ref = useRef<HTMLDivElement>(null);
  const listId = useId();
  useDismiss(ref, open, close);
  const customCount = facets.filter((f) => f.custom).reduce((n, f) => n + f.count, 0);
  // A type in the link that has no events (any more) still shows, so it can be unticked.
  const options = [...facets.map((f) => ({ type: f.type, custom: f.custom, count: f.count })), ...selected.filter((t) => !facets.some((f) => f.type === t)).map((type) => ({ type, custom: false, count: 0 }))];
  const toggle = (type: string) => onChange({ types: selected.includes(type) ? selected.filter((t) => t !== type) : [...selected, type], custom });

  return (
    <div ref={ref} className="relative">
      <span className="mb-1 block text-sm font-medium">Type</span>
      <button
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((v) => !v)}
        className="flex w-full items-center justify-between gap-2 rounded-lg border border-line bg-surface px-3 py-2 text-left text-sm text-ink shadow-xs hover:bg-canvas focus:border-brand-500 focus:ring-2 focus:ring-brand-500/25 focus:outline-none sm:w-56"
      >
        <span className="truncate">{summary(selected, custom)}</span>
        <svg viewBox="0 0 20 20" className="size-4 shrink-0 text-muted" aria-hidden>
          <path d="M6 8l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </button>
      {open && (
        <div id={listId} role="group" aria-label="Event types" className="absolute z-20 mt-2 max-h-80 w-72 overflow-y-auto rounded-xl border border-line bg-surface p-1 shadow-lg">
          <label className="flex cursor-pointer items-center gap-2 rounded-lg px-3 py-2 text-sm hover:bg-canvas">
            <input type="checkbox" checked={custom} onChange={() => onChange({ types: selected, custom: !custom })} className="accent-brand-600" />
            <span className="flex-1">All custom events</span>
            <span className="text-xs text-muted tabular-nums">{customCount}</span>
          </label>
          <div className="my-1 border-t border-line" />
          {options.length === 0 && <p className="px-3 py-2 text-sm text-muted">No events yet.</p>}
          {options.map((o) => (
            <label key={o.type} className="flex cursor-pointer items-center gap-2 rounded-lg px-3 py-2 text-sm hover:bg-canvas">
              <input type="checkbox" checked={selected.includes(o.type)} onChange={() => toggle(o.type)} className="accent-brand-600" />
              <span className="flex-1 truncate font-mono text-xs">{o.type}</span>
              {o.custom && <span className="text-xs text-muted">custom</span>}
              <span className="text-xs text-muted tabular-nums">{o.count}</span>
            </label>
          ))}
          {(selected.length > 0 || custom) && (
            <button type="button" onClick={() => onChange({ types: [], custom: false })} className="mt-1 w-full rounded-lg px-3 py-2 text-left text-sm text-brand-700 hover:bg-canvas">
              All types
            </button>
          )}
        </div>
      )}
    </div>
  );
}
