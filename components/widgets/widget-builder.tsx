"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, InputField, SelectField, TextareaField } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { INTERVAL_LABELS, RANGE_PRESETS } from "@/lib/dashboard/view";
import type { Segment } from "@/lib/metrics/segment";
import type { WidgetInput } from "@/lib/validation/widgets";
import { MAX_WIDGET_METRICS, SINGLE_METRIC_VIEWS, VIEWER_PARAMS, WIDGET_INTERVALS, WIDGET_RANGES, WIDGET_VIEWS, type WidgetView } from "@/lib/widgets/options";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

export interface CatalogEntry {
  key: string;
  name: string;
  unit: string;
  family: string;
}

type Draft = WidgetInput;

/** "company=Acme" lines <-> the locked segment's traits (the builder's locked filters). */
function traitsText(segment: Segment | null): string {
  return Object.entries(segment?.traits ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join("\n");
}
function traitsOf(text: string): Segment | null {
  const traits = Object.fromEntries(
    text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const at = l.indexOf("=");
        return at > 0 ? [l.slice(0, at).trim(), l.slice(at + 1).trim()] : [l, ""];
      }),
  );
  return Object.keys(traits).length ? { traits } : null;
}

/**
 * The widget builder: metrics, view, period, theme, locked filters and what viewers may change, with
 * the widget itself beside it, served by the same renderer as on other sites (through the preview route).
 */
export function WidgetBuilder({ orgSlug, catalog, widgetId, initial }: { orgSlug: string; catalog: CatalogEntry[]; widgetId?: string; initial: Draft }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(initial);
  const [locked, setLocked] = useState(traitsText(initial.lockedSegment));
  const [origins, setOrigins] = useState(initial.signedOrigins.join("\n"));
  const [preview, setPreview] = useState<string | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const current: Draft = { ...draft, lockedSegment: traitsOf(locked), signedOrigins: origins.split(/\s+/).filter(Boolean) };

  // The preview follows the draft, a moment after the last change.
  const previewQuery = JSON.stringify({ ...current, name: current.name.trim() || "Untitled widget", signedOrigins: [] });
  useEffect(() => {
    const timer = setTimeout(() => setPreview(`/api/orgs/${orgSlug}/widget-preview?widget=${encodeURIComponent(previewQuery)}`), 400);
    return () => clearTimeout(timer);
  }, [orgSlug, previewQuery]);

  const onSaved = (saved: { id: string; name: string }) => {
    void queryClient.invalidateQueries({ queryKey: trpc.widget.pathKey() });
    toast.success(`${saved.name} saved.`);
    router.push(`/${orgSlug}/widgets/${saved.id}`);
    router.refresh();
  };
  const create = useMutation(trpc.widget.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.widget.update.mutationOptions({ onSuccess: onSaved }));
  const failure = (create.error ?? update.error) ? describeClientError(create.error ?? update.error) : null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (widgetId) update.mutate({ orgSlug, widgetId, widget: current });
    else create.mutate({ orgSlug, ...current });
  }

  const toggleMetric = (key: string) =>
    set("metricKeys", draft.metricKeys.includes(key) ? draft.metricKeys.filter((k) => k !== key) : [...draft.metricKeys, key].slice(0, MAX_WIDGET_METRICS));
  const chart = draft.view === "line" || draft.view === "bar";

  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={widgetId ? "Edit widget" : "New widget"}>
        <FormError message={failure && Object.keys(failure.fieldErrors).length === 0 ? failure.message : null} />
        <InputField label="Name" value={draft.name} onChange={(e) => set("name", e.target.value)} placeholder="Acme: revenue and orders" error={failure?.fieldErrors.name} />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label="View"
            value={draft.view}
            onChange={(e) => {
              const view = e.target.value as WidgetView;
              const only = SINGLE_METRIC_VIEWS[view];
              const wasSingle = SINGLE_METRIC_VIEWS[draft.view];
              setDraft((d) => ({
                ...d,
                view,
                metricKeys: only ? [only] : wasSingle ? ["revenue"] : d.metricKeys,
                interval: view === "line" || view === "bar" ? (d.interval ?? "day") : d.interval,
              }));
            }}
            options={Object.entries(WIDGET_VIEWS).map(([value, label]) => ({ value, label }))}
          />
          <SelectField label="Period" value={draft.range} onChange={(e) => set("range", e.target.value)} options={WIDGET_RANGES.map((r) => ({ value: r, label: RANGE_PRESETS[r] }))} />
          {chart && (
            <SelectField label="Interval" value={draft.interval ?? "day"} onChange={(e) => set("interval", e.target.value)} options={WIDGET_INTERVALS.map((i) => ({ value: i, label: INTERVAL_LABELS[i] }))} error={failure?.fieldErrors.interval} />
          )}
          <SelectField label="Theme" value={draft.theme.mode} onChange={(e) => set("theme", { ...draft.theme, mode: e.target.value as "light" | "dark" })} options={[{ value: "light", label: "Light" }, { value: "dark", label: "Dark" }]} />
          <InputField label="Accent colour" value={draft.theme.accent} onChange={(e) => set("theme", { ...draft.theme, accent: e.target.value })} className="font-mono" error={failure?.fieldErrors.theme} />
        </div>
        {!SINGLE_METRIC_VIEWS[draft.view] && (
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium">Metrics (up to {MAX_WIDGET_METRICS})</legend>
            <FormError message={failure?.fieldErrors.metricKeys?.join(" ")} />
            <div className="max-h-56 overflow-y-auto rounded-lg border border-line p-2">
              {catalog.map((m) => (
                <label key={m.key} className="flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-canvas">
                  <input type="checkbox" checked={draft.metricKeys.includes(m.key)} onChange={() => toggleMetric(m.key)} className="size-4 accent-brand-600" />
                  {m.name} <span className="text-xs text-muted">{m.unit}</span>
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <TextareaField
          label="Locked filters (trait=value, one per line)"
          rows={2}
          value={locked}
          onChange={(e) => setLocked(e.target.value)}
          placeholder="company=Acme"
          className="font-mono"
          hint="Always applied: each client sees only their own customers. A signed token may add filters, never change these."
          error={failure?.fieldErrors.lockedSegment}
        />
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium">Viewers may change</legend>
          <div className="flex gap-4">
            {VIEWER_PARAMS.map((p) => (
              <label key={p} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={draft.viewerParams.includes(p)}
                  onChange={() => set("viewerParams", draft.viewerParams.includes(p) ? draft.viewerParams.filter((x) => x !== p) : [...draft.viewerParams, p])}
                  className="size-4 accent-brand-600"
                />
                the {p}
              </label>
            ))}
          </div>
        </fieldset>
        <TextareaField
          label="Sites allowed to show it with signed tokens (origins, one per line)"
          rows={2}
          value={origins}
          onChange={(e) => setOrigins(e.target.value)}
          placeholder="https://portal.example.com"
          className="font-mono"
          hint="Share links name their own sites when you create them."
          error={failure?.fieldErrors.signedOrigins}
        />
        <div className="flex gap-2 pt-2">
          <Button type="submit" pending={create.isPending || update.isPending}>
            {widgetId ? "Save changes" : "Create widget"}
          </Button>
          <Button variant="ghost" onClick={() => router.back()}>
            Cancel
          </Button>
        </div>
      </form>
      <div>
        <p className="mb-2 text-xs font-medium tracking-wide text-muted uppercase">Live preview</p>
        <div className="overflow-hidden rounded-xl border border-line bg-surface">
          {preview && <iframe key={preview} src={preview} title="Widget preview" className="block h-[420px] w-full border-0" />}
        </div>
      </div>
    </div>
  );
}
