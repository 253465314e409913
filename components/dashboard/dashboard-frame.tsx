import "server-only";
import type { ReactNode } from "react";
import { FirstEventGuide } from "@/components/events/first-event-guide";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/lib/env";
import { parseView } from "@/lib/dashboard/parse-view";
import { DEFAULT_RANGE, periodOf, segmentLabel, type DashboardView, type RangePreset } from "@/lib/dashboard/view";
import { can, ROLE_LABELS } from "@/lib/permissions";
import { api, orPage } from "@/lib/trpc/server";
import { DashboardProvider } from "./dashboard-context";
import type { SummaryInput } from "./panel-inputs";
import { ALL_CONTROLS, ViewControls, type ControlSet } from "./view-controls";

/** What every panel of a page reads with: the organisation, the period, the segment and the comparison. */
export type PanelBase = Omit<SummaryInput, "keys">;

export interface FrameContext {
  base: PanelBase;
  view: DashboardView;
  org: { slug: string; name: string; industry: string; currency: string; timeZone: string };
}

/** What Next hands a dashboard page. */
export interface DashboardPageProps {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

interface Props extends DashboardPageProps {
  path: string;
  /** The page's heading; the overview names the organisation (it is the organisation's home page). */
  title: string | ((org: { name: string }) => string);
  description: string;
  /** Which controls apply to the page: the cohort table has no series and no previous period. */
  controls?: ControlSet;
  defaultRange?: Exclude<RangePreset, "custom">;
  children: (frame: FrameContext) => ReactNode;
}

/**
 * The frame of every dashboard page: reads the view from the URL in the organisation's time zone,
 * shows the controls and anything the URL asked for that could not be shown, and, before the first
 * event, how to send one instead of empty charts.
 */
export async function DashboardFrame({ params, searchParams, path, title, description, controls = ALL_CONTROLS, defaultRange = DEFAULT_RANGE, children }: Props) {
  const { orgSlug } = await params;
  const [org, status] = await Promise.all([orPage(api.organization.get({ orgSlug }), `/${orgSlug}${path}`), orPage(api.metric.status({ orgSlug }))]);
  const view = parseView(await searchParams, org.timeZone, new Date(), defaultRange);
  const period = periodOf(view);
  const base: PanelBase = { orgSlug: org.slug, ...period, segment: view.segment, compare: view.compare, interval: view.interval };
  const scope = segmentLabel(view.segment);
  return (
    <DashboardProvider
      info={{ orgSlug: org.slug, defaultRange, currency: org.currency, timeZone: org.timeZone, range: view.range, from: view.from, through: view.through, interval: view.interval, compare: view.compare, segment: view.segment }}
    >
      <PageHeader
        title={typeof title === "function" ? title(org) : title}
        description={description}
        // The organisation's home page says who you are in it (what the old home page's role card did).
        action={path === "" ? <Badge tone="brand">{ROLE_LABELS[org.role]}</Badge> : undefined}
      />
      <ViewControls controls={controls} />
      {view.problems.length > 0 && (
        <div role="status" className="mb-6 rounded-lg border border-warning-700/20 bg-warning-50 px-4 py-3 text-sm text-warning-700">
          <p className="font-medium">Part of this link could not be used:</p>
          <ul className="mt-1 list-disc pl-5">
            {view.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="mb-4 text-sm text-muted" data-testid="view-summary">
        {view.from} to {view.through} ({org.timeZone}){scope ? ` · ${scope}` : ""}
        {view.compare && controls.compare ? " · compared with the period before" : ""}
      </p>
      {status.hasEvents ? (
        children({ base, view, org })
      ) : (
        <Card>
          <FirstEventGuide orgSlug={org.slug} apiBase={env.APP_URL} currency={org.currency} canManageKeys={can(org.role, "keys.manage")} listening={false} />
        </Card>
      )}
    </DashboardProvider>
  );
}
