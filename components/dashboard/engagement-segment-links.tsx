"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { viewSearch } from "@/lib/dashboard/view";
import { useDashboard } from "./dashboard-context";

const LEVELS = [
  { value: undefined, label: "Everyone" },
  { value: "high", label: "High engagement" },
  { value: "low", label: "Low" },
  { value: "none", label: "None" },
] as const;

/** The sustainability engagement level as a one-click segment (metrics.md: high 3+, low 1-2 interactions in 90 days). */
export function EngagementSegmentLinks() {
  const view = useDashboard();
  const pathname = usePathname();
  const current = view.segment?.engagement;
  return (
    <nav aria-label="Sustainability engagement segment" className="flex flex-wrap gap-2">
      {LEVELS.map((level) => {
        const segment = { ...view.segment, engagement: level.value };
        const active = current === level.value;
        return (
          <Link
            key={level.label}
            href={`${pathname}${viewSearch({ ...view, segment }, view.defaultRange)}`}
            aria-current={active ? "page" : undefined}
            scroll={false}
            className={cn(
              "rounded-full border px-3 py-1 text-sm",
              active ? "border-brand-600 bg-brand-600 text-white" : "border-line bg-surface text-ink hover:border-brand-500",
            )}
          >
            {level.label}
          </Link>
        );
      })}
    </nav>
  );
}
