"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Segment } from "@/lib/metrics/segment";
import type { RangePreset, ViewInterval } from "@/lib/dashboard/view";

export interface DashboardInfo {
  orgSlug: string;
  currency: string;
  timeZone: string;
  range: RangePreset;
  /** The range this page shows when the URL names none (links leave it out). */
  defaultRange: Exclude<RangePreset, "custom">;
  from: string;
  through: string;
  interval: ViewInterval;
  compare: boolean;
  segment: Segment | null;
}

const Dashboard = createContext<DashboardInfo | null>(null);

/** What every chart of a dashboard page shares: the organisation's currency and time zone, and the view. */
export function DashboardProvider({ info, children }: { info: DashboardInfo; children: ReactNode }) {
  return <Dashboard.Provider value={info}>{children}</Dashboard.Provider>;
}

export function useDashboard(): DashboardInfo {
  const info = useContext(Dashboard);
  if (!info) throw new Error("useDashboard must be used inside a <DashboardProvider>");
  return info;
}
