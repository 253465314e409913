"use client";

import { FAMILY_PAGE } from "@/lib/dashboard/pages";
import { viewSearch } from "@/lib/dashboard/view";
import { useDashboard } from "./dashboard-context";
import { KpiGrid } from "./metric-charts";

/** A family's headline KPIs, flowing into the overview's one grid; each card opens the family page with the same view. */
export function KpiSection({ title, keys }: { title: string; keys: readonly string[] }) {
  const view = useDashboard();
  // Family pages share the house default range, so the link names the range unless it is that default.
  const search = viewSearch(view);
  return <KpiGrid flow eyebrow={title} keys={keys} hrefFor={(m) => (FAMILY_PAGE[m.family] ? `/${view.orgSlug}${FAMILY_PAGE[m.family]}${search}` : undefined)} />;
}
