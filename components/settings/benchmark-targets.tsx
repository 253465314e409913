"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { suggestedWarning } from "@/lib/benchmarks/status";
import { formNumber } from "@/lib/form-number";
import { formatMetricValue } from "@/lib/metrics/format";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import type { AppRouter } from "@/server/api/root";

type Row = inferRouterOutputs<AppRouter>["benchmark"]["list"][number];

/** Every metric with its target and warning threshold, family by family; admins edit in place. */
export function BenchmarkTargets({ orgSlug, currency, canManage }: { orgSlug: string; currency: string; canManage: boolean }) {
  const trpc = useTRPC();
  const { data: rows } = useSuspenseQuery(trpc.benchmark.list.queryOptions({ orgSlug }));
  const families = [...new Map(rows.map((r) => [r.family, r.familyLabel])).entries()];
  return (
    <div className="divide-y divide-line">
      {families.map(([family, label]) => (
        <section key={family} aria-labelledby={`family-${family}`} className="px-5 py-4">
          <h3 id={`family-${family}`} className="mb-2 text-sm font-semibold">
            {label}
          </h3>
          <ul className="divide-y divide-line/70">
            {rows
              .filter((r) => r.family === family)
              .map((r) => (
                <TargetRow key={r.key} row={r} orgSlug={orgSlug} currency={currency} canManage={canManage} />
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function TargetRow({ row, orgSlug, currency, canManage }: { row: Row; orgSlug: string; currency: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [target, setTarget] = useState(row.target === null ? "" : String(row.target));
  const [warning, setWarning] = useState(row.warning === null ? "" : String(row.warning));
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.benchmark.list.queryKey({ orgSlug }) });
    void queryClient.invalidateQueries({ queryKey: trpc.metric.pathKey() });
  };
  const save = useMutation(trpc.benchmark.set.mutationOptions({ onSuccess: () => (toast.success(`Target for ${row.name} saved.`), setEditing(false), refresh()) }));
  const remove = useMutation(
    trpc.benchmark.delete.mutationOptions({
      onSuccess: () => (toast.success(`Target for ${row.name} removed.`), refresh()),
      onError: (error) => toast.error(describeClientError(error).message),
    }),
  );
  const failure = save.error ? describeClientError(save.error) : null;
  const format = (v: number) => formatMetricValue(v, row.unit, currency);
  const sign = row.direction === "higher" ? "≥" : "≤";

  // From the saved values each time: a preset or a removal may have changed them since the row appeared.
  function startEditing() {
    setTarget(row.target === null ? "" : String(row.target));
    setWarning(row.warning === null ? "" : String(row.warning));
    save.reset();
    setEditing(true);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ orgSlug, metricKey: row.key, target: formNumber(target) ?? Number.NaN, warning: formNumber(warning) ?? Number.NaN });
  }

  return (
    <li className="py-2.5" data-target-row={row.key}>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <div className="min-w-0 flex-1">
          <p className="text-sm">{row.name}</p>
          <p className="text-xs text-muted">{row.direction === "higher" ? "Higher is better" : "Lower is better"}</p>
        </div>
        <p className="text-sm tabular-nums" data-testid={`target-${row.key}`}>
          {row.target === null ? (
            <span className="text-muted">No target</span>
          ) : (
            <>
              Target {sign} {format(row.target)} <span className="text-muted">· warning {sign} {format(row.warning!)}</span>
            </>
          )}
        </p>
        {canManage && !editing && (
          <div className="flex gap-1">
            <Button size="sm" variant="ghost" onClick={startEditing} aria-label={`${row.target === null ? "Set" : "Edit"} the target for ${row.name}`}>
              {row.target === null ? "Set" : "Edit"}
            </Button>
            {row.target !== null && (
              <Button
                size="sm"
                variant="ghost"
                className="text-danger-600"
                pending={remove.isPending}
                aria-label={`Remove the target for ${row.name}`}
                onClick={() => remove.mutate({ orgSlug, metricKey: row.key })}
              >
                Remove
              </Button>
            )}
          </div>
        )}
      </div>
      {editing && (
        <form onSubmit={onSubmit} noValidate className="mt-2 grid items-start gap-3 sm:grid-cols-[1fr_1fr_auto_auto]" aria-label={`Target for ${row.name}`}>
          <InputField
            label={`Target (${sign})`}
            inputMode="decimal"
            value={target}
            autoFocus
            onChange={(e) => {
              const next = e.target.value;
              // Suggest a warning 10 % short of the target until the admin types one of their own.
              if (warning === "" || warning === suggestion(target)) setWarning(suggestion(next));
              setTarget(next);
            }}
            error={failure?.fieldErrors.target}
          />
          <InputField
            label="Warning threshold"
            inputMode="decimal"
            value={warning}
            onChange={(e) => setWarning(e.target.value)}
            hint={row.direction === "higher" ? "At or below the target." : "At or above the target."}
            error={failure?.fieldErrors.warning ?? (failure && !Object.keys(failure.fieldErrors).length ? failure.message : undefined)}
          />
          <Button type="submit" pending={save.isPending} className="sm:mt-6.5">
            Save
          </Button>
          <Button variant="ghost" className="sm:mt-6.5" onClick={() => (setEditing(false), save.reset())}>
            Cancel
          </Button>
        </form>
      )}
    </li>
  );

  function suggestion(text: string): string {
    const value = formNumber(text);
    return value === null || !Number.isFinite(value) ? "" : String(suggestedWarning(value, row.direction));
  }
}
