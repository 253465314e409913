"use client";

import { Button } from "@/components/ui/button";
import { EMPTY_VIEW, type ExplorerView, type RangeChoice } from "@/lib/events/explorer-view";
import { fromZonedInputValue, toZonedInputValue, zoneAbbreviation } from "@/lib/events/zoned-time";
import { TIME_PRESETS } from "@/lib/validation/events";
import { TypePicker } from "./type-picker";
import type { EventFacets } from "./types";
import { useUrlText } from "./use-url-text";

const controlClasses =
  "block w-full rounded-lg border border-line bg-surface px-3 py-2 text-sm text-ink shadow-xs placeholder:text-muted/70 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/25";

const RANGE_OPTIONS: { value: RangeChoice; label: string }[] = [
  { value: "all", label: "All time" },
  ...Object.entries(TIME_PRESETS).map(([value, p]) => ({ value: value as RangeChoice, label: p.label })),
  { value: "custom", label: "Custom range…" },
];

interface Props {
  view: ExplorerView;
  facets: EventFacets["types"];
  timeZone: string;
  /** `replace` for typing, so that every keystroke pause is not a step of the back button. */
  onChange: (next: ExplorerView, mode?: "push" | "replace") => void;
}

export function EventFilters({ view, facets, timeZone, onChange }: Props) {
  const [actor, setActor] = useUrlText(view.actor, (value) => onChange({ ...view, actor: value }, "replace"));
  const [messageId, setMessageId] = useUrlText(view.messageId, (value) => onChange({ ...view, messageId: value }, "replace"));
  const zone = zoneAbbreviation(view.from ?? new Date(), timeZone);
  const setRange = (range: RangeChoice) => {
    if (range !== "custom") return onChange({ ...view, range, from: null, to: null });
    // A custom range starts as the last 24 hours, to the minute, for the person to adjust.
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    onChange({ ...view, range, from: new Date(now - 24 * 3600_000), to: null });
  };
  const setBound = (bound: "from" | "to", value: string) => {
    const date = value ? fromZonedInputValue(value, timeZone) : null;
    if (value && !date) return;
    onChange({ ...view, [bound]: date });
  };
  const filtered = JSON.stringify({ ...view, actor, messageId }) !== JSON.stringify(EMPTY_VIEW);

  return (
    <form role="search" aria-label="Filter events" className="grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap" onSubmit={(e) => e.preventDefault()}>
      <div className="min-w-0">
        <TypePicker facets={facets} selected={view.types} custom={view.custom} onChange={({ types, custom }) => onChange({ ...view, types, custom })} />
      </div>
      <label className="order-3 min-w-0 text-sm sm:order-none sm:w-60">
        <span className="mb-1 block font-medium">Customer</span>
        <input type="search" value={actor} onChange={(e) => setActor(e.target.value)} placeholder="Customer or anonymous id" maxLength={128} className={controlClasses} />
      </label>
      <label className="min-w-0 text-sm sm:w-44">
        <span className="mb-1 block font-medium">Time</span>
        <select value={view.range} onChange={(e) => setRange(e.target.value as RangeChoice)} className={controlClasses}>
          {RANGE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      {view.range === "custom" && (
        <>
          <label className="order-2 min-w-0 text-sm sm:order-none sm:w-auto">
            <span className="mb-1 block font-medium">From ({zone})</span>
            <input
              type="datetime-local"
              value={view.from ? toZonedInputValue(view.from, timeZone) : ""}
              max={view.to ? toZonedInputValue(view.to, timeZone) : undefined}
              onChange={(e) => setBound("from", e.target.value)}
              className={controlClasses}
            />
          </label>
          <label className="order-2 min-w-0 text-sm sm:order-none sm:w-auto">
            <span className="mb-1 block font-medium">To ({zone})</span>
            <input
              type="datetime-local"
              value={view.to ? toZonedInputValue(view.to, timeZone) : ""}
              min={view.from ? toZonedInputValue(view.from, timeZone) : undefined}
              onChange={(e) => setBound("to", e.target.value)}
              className={controlClasses}
              aria-describedby="to-hint"
            />
            <span id="to-hint" className="sr-only">
              Leave empty for up to now. The end itself is not included.
            </span>
          </label>
        </>
      )}
      <label className="order-3 min-w-0 text-sm sm:order-none sm:w-44">
        <span className="mb-1 block font-medium">Message id</span>
        <input type="search" value={messageId} onChange={(e) => setMessageId(e.target.value)} placeholder="Contains…" maxLength={128} className={`${controlClasses} font-mono`} />
      </label>
      {filtered && (
        <Button variant="ghost" className="order-4 col-span-2 justify-self-start sm:order-none" onClick={() => onChange(EMPTY_VIEW)}>
          Clear filters
        </Button>
      )}
    </form>
  );
}
