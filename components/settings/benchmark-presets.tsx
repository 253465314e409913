"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

/** One-click presets: each sets the targets it names and leaves the others as they are. */
export function BenchmarkPresets({ orgSlug, industry, canManage }: { orgSlug: string; industry: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: presets } = useSuspenseQuery(trpc.benchmark.presets.queryOptions({ orgSlug }));
  const apply = useMutation(
    trpc.benchmark.applyPreset.mutationOptions({
      onSuccess: ({ applied }, { presetId }) => {
        toast.success(`${presets.find((p) => p.id === presetId)?.label ?? "Preset"} applied: ${applied} targets set.`);
        void queryClient.invalidateQueries({ queryKey: trpc.benchmark.list.queryKey({ orgSlug }) });
        // Every card and chart shows the new status on its next read.
        void queryClient.invalidateQueries({ queryKey: trpc.metric.pathKey() });
      },
      onError: (error) => toast.error(describeClientError(error).message),
    }),
  );
  // The organisation's own industry first, after the journey table.
  const ordered = [...presets].sort((a, b) => rank(a.id) - rank(b.id));
  function rank(id: string) {
    return id === "journey" ? 0 : id === `industry.${industry}` ? 1 : 2;
  }
  return (
    <ul className="divide-y divide-line">
      {ordered.map((p) => (
        <li key={p.id} className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center" data-preset={p.id}>
          <div className="min-w-0 flex-1">
            <p className="text-sm font-medium">{p.label}</p>
            <p className="text-sm text-muted">{p.description}</p>
          </div>
          {canManage && (
            <Button
              variant="secondary"
              size="sm"
              pending={apply.isPending && apply.variables?.presetId === p.id}
              onClick={() => {
                if (window.confirm(`Apply "${p.label}"? It sets ${p.targets.length} targets and replaces any you set for those metrics.`)) {
                  apply.mutate({ orgSlug, presetId: p.id });
                }
              }}
            >
              Apply {p.targets.length} targets
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
