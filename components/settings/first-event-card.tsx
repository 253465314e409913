"use client";

import { useState } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/components/ui/cn";
import { curlSnippet, KEY_VARIABLE, segmentNodeSnippet } from "@/lib/first-event-snippets";

const TABS = [
  {
    id: "curl",
    label: "curl",
    snippet: curlSnippet,
    note: (
      <>
        The answer says what was stored: <code className="font-mono text-xs text-ink">{'{"accepted": 1, "duplicates": 0, "rejected": []}'}</code>. Sending the
        same <code className="font-mono text-xs">id</code> again is safe: it is reported as a duplicate and stored once.
      </>
    ),
  },
  {
    id: "node",
    label: "Node.js (Segment SDK)",
    snippet: segmentNodeSnippet,
    note: (
      <>
        Existing Segment code keeps working: only <code className="font-mono text-xs">host</code>, <code className="font-mono text-xs">path</code> and the
        write key change. The SDK sends in the background; <code className="font-mono text-xs">closeAndFlush()</code> waits for the last batch before the
        process exits.
      </>
    ),
  },
] as const;

/** Copy-paste examples that send one order with an ingest key, against this very host. */
export function FirstEventCard({ origin, currency }: { origin: string; currency: string }) {
  const [tab, setTab] = useState<(typeof TABS)[number]["id"]>("curl");
  const active = TABS.find((t) => t.id === tab)!;
  const code = active.snippet(origin, currency);
  return (
    <Card>
      <CardHeader title="Send your first event" description="One order, sent to this organisation with an ingest key." />
      <CardBody className="space-y-3">
        <p className="text-sm text-muted">
          Put the key in an environment variable rather than in code:{" "}
          <code className="rounded bg-canvas px-1 py-0.5 font-mono text-xs text-ink">export {KEY_VARIABLE}=ac_pub_…</code>
        </p>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div role="tablist" aria-label="Example" className="inline-flex rounded-lg border border-line p-0.5">
            {TABS.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                aria-selected={t.id === tab}
                aria-controls="first-event-code"
                onClick={() => setTab(t.id)}
                className={cn("rounded-md px-3 py-1 text-sm", t.id === tab ? "bg-brand-50 font-medium text-brand-700" : "text-muted hover:text-ink")}
              >
                {t.label}
              </button>
            ))}
          </div>
          <CopyButton value={code} label="Copy snippet" copiedMessage="Snippet copied." />
        </div>
        <pre
          id="first-event-code"
          role="tabpanel"
          aria-label={active.label}
          className="overflow-x-auto rounded-lg border border-line bg-canvas px-3 py-2.5 font-mono text-xs leading-relaxed"
        >
          {code}
        </pre>
        <p className="text-sm text-muted">{active.note}</p>
      </CardBody>
    </Card>
  );
}
