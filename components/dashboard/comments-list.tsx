"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { formatZonedDateTime } from "@/lib/events/zoned-time";
import { useTRPC } from "@/lib/trpc/client";
import { useDashboard } from "./dashboard-context";
import { NoData } from "./metric-charts";
import { usePanelMetrics } from "./panel-data";
import { commentsInputOf } from "./panel-inputs";

const KIND_LABELS: Record<string, string> = { nps: "NPS", ces: "CES", csat: "CSAT", exit: "Exit", dpp_feedback: "Passport" };

/** The newest survey comments of the period and segment, with their score. */
export function CommentsList() {
  const { input } = usePanelMetrics();
  const { timeZone } = useDashboard();
  const trpc = useTRPC();
  const { comments } = useSuspenseQuery(trpc.metric.comments.queryOptions(commentsInputOf(input))).data;
  return (
    <Card>
      <header className="px-5 pt-4">
        <h2 className="text-base font-semibold">Latest comments</h2>
        <p className="mt-0.5 text-sm text-muted">The newest survey answers with a comment in this period.</p>
      </header>
      {comments.length ? (
        <ul className="divide-y divide-line px-5 py-2">
          {comments.map((c) => (
            <li key={c.id} className="py-3 text-sm">
              <p className="text-ink">“{c.comment}”</p>
              <p className="mt-1 text-xs text-muted">
                {KIND_LABELS[c.kind] ?? c.kind}
                {c.score !== null ? ` ${c.score}` : ""}
                {c.reason ? ` · ${c.reason.replaceAll("_", " ")}` : ""} · {formatZonedDateTime(c.respondedAt, timeZone)}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <NoData>No comments in this period.</NoData>
      )}
    </Card>
  );
}
