"use client";

import { Badge } from "@/components/ui/badge";
import type { ImportFormat } from "./types";

export interface MappingState {
  columns: Record<string, string>;
  extra: string[];
  timeZone?: string;
  dateOrder?: "dmy" | "mdy";
}

interface Props {
  format: ImportFormat;
  headers: string[];
  /** A first non-empty value per header, shown beside it so that columns can be told apart. */
  examples: Record<string, string>;
  mapping: MappingState;
  onChange: (mapping: MappingState) => void;
  orgTimeZone: string;
  needsDateOrder: boolean;
}

const selectClasses =
  "block w-full min-w-0 rounded-lg border border-line bg-surface px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/25";

function shorten(text: string, max = 28): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Target fields on the left, the file's columns to choose from on the right; required fields marked. */
export function MappingEditor({ format, headers, examples, mapping, onChange, orgTimeZone, needsDateOrder }: Props) {
  const used = new Set(Object.values(mapping.columns));
  const others = headers.filter((h) => h && !used.has(h));
  const setColumn = (key: string, header: string) => {
    const columns = { ...mapping.columns };
    if (header) columns[key] = header;
    else delete columns[key];
    onChange({ ...mapping, columns, extra: mapping.extra.filter((h) => h !== header) });
  };
  const toggleExtra = (header: string, on: boolean) =>
    onChange({ ...mapping, extra: on ? [...mapping.extra, header] : mapping.extra.filter((h) => h !== header) });
  const anyOf = format.requiredAnyOf.map((group) => group.map((key) => format.fields.find((f) => f.key === key)?.label ?? key));

  return (
    <div className="space-y-5">
      <div className="divide-y divide-line rounded-lg border border-line">
        {format.fields.map((field) => {
          const id = `map-${field.key}`;
          const required = field.required || format.requiredAnyOf.some((g) => g.includes(field.key));
          return (
            <div key={field.key} className="grid gap-1.5 px-3 py-2.5 sm:grid-cols-[14rem_1fr] sm:items-center sm:gap-4">
              <div>
                <label htmlFor={id} className="flex flex-wrap items-center gap-2 text-sm font-medium">
                  {field.label}
                  {field.required ? <Badge tone="warning">Required</Badge> : required ? <Badge>One of these</Badge> : null}
                </label>
                {field.hint && <p className="mt-0.5 text-xs text-muted">{field.hint}</p>}
              </div>
              <select id={id} className={selectClasses} value={mapping.columns[field.key] ?? ""} onChange={(e) => setColumn(field.key, e.target.value)}>
                <option value="">{required ? "— choose a column —" : "— not in this file —"}</option>
                {headers.filter(Boolean).map((header) => (
                  <option key={header} value={header}>
                    {header}
                    {examples[header] ? ` (e.g. ${shorten(examples[header]!)})` : ""}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
      {anyOf.length > 0 && <p className="text-xs text-muted">{anyOf.map((g) => `${g.join(" or ")}: at least one is required.`).join(" ")}</p>}

      {format.extraTarget && others.length > 0 && (
        <fieldset>
          <legend className="text-sm font-medium">Other columns to keep</legend>
          <p className="mb-2 text-xs text-muted">
            Kept as {format.extraTarget === "traits" ? "traits of the customer" : "properties of the event"}, named after the column (e.g. &quot;Loyalty Tier&quot; → loyaltyTier).
          </p>
          <div className="flex flex-wrap gap-2">
            {others.map((header) => (
              <label key={header} className="inline-flex items-center gap-2 rounded-lg border border-line px-2.5 py-1.5 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                <input type="checkbox" className="accent-brand-600" checked={mapping.extra.includes(header)} onChange={(e) => toggleExtra(header, e.target.checked)} />
                {header}
              </label>
            ))}
          </div>
        </fieldset>
      )}

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {format.timeZone ? (
          <p className="text-xs text-muted sm:col-span-2">Times without a UTC offset are read as {format.timeZone}, as this data set documents.</p>
        ) : (
          <div className="min-w-0 space-y-1.5">
            <label htmlFor="map-time-zone" className="block text-sm font-medium">
              Times without a UTC offset are
            </label>
            <select id="map-time-zone" className={selectClasses} value={mapping.timeZone ?? orgTimeZone} onChange={(e) => onChange({ ...mapping, timeZone: e.target.value })}>
              <option value={orgTimeZone}>{orgTimeZone} (the organisation&apos;s time zone)</option>
              {orgTimeZone !== "UTC" && <option value="UTC">UTC</option>}
            </select>
          </div>
        )}
        {(needsDateOrder || mapping.dateOrder) && (
          <div className="min-w-0 space-y-1.5">
            <label htmlFor="map-date-order" className="block text-sm font-medium">
              Dates like 03/04/2026 mean
            </label>
            <select
              id="map-date-order"
              className={selectClasses}
              value={mapping.dateOrder ?? ""}
              onChange={(e) => onChange({ ...mapping, dateOrder: (e.target.value || undefined) as MappingState["dateOrder"] })}
            >
              <option value="">— choose —</option>
              <option value="dmy">3 April 2026 (day first)</option>
              <option value="mdy">March 4, 2026 (month first)</option>
            </select>
          </div>
        )}
      </div>
    </div>
  );
}
