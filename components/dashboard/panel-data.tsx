"use client";

import { createContext, useContext, type ReactNode } from "react";
import { useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/lib/trpc/client";
import type { SummaryInput } from "./panel-inputs";

export type SummaryOutput = inferRouterOutputs<AppRouter>["metric"]["summary"];
export type MetricResult = SummaryOutput["metrics"][number];

const PanelInput = createContext<SummaryInput | null>(null);

/** Hands a panel's read to the client components inside it (the server prefetched the same read). */
export function PanelInputProvider({ input, children }: { input: SummaryInput; children: ReactNode }) {
  return <PanelInput.Provider value={input}>{children}</PanelInput.Provider>;
}

/** The panel's metrics by key, from the prefetched cache: no request on first render. */
export function usePanelMetrics(): { read: SummaryOutput; input: SummaryInput; metric: (key: string) => MetricResult } {
  const input = useContext(PanelInput);
  if (!input) throw new Error("usePanelMetrics must be used inside a <Panel>");
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.metric.summary.queryOptions(input));
  const byKey = new Map(data.metrics.map((m) => [m.key, m]));
  return {
    read: data,
    input,
    metric: (key) => {
      const found = byKey.get(key);
      if (!found) throw new Error(`metric ${key} is not in this panel's read`);
      return found;
    },
  };
}
