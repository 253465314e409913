import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { curlSnippet, KEY_VARIABLE } from "@/lib/first-event-snippets";

interface Props {
  orgSlug: string;
  apiBase: string;
  currency: string;
  canManageKeys: boolean;
  /** Shown while the page waits for the first event to arrive. */
  listening: boolean;
}

export function FirstEventGuide({ orgSlug, apiBase, currency, canManageKeys, listening }: Props) {
  const command = curlSnippet(apiBase.replace(/\/$/, ""), currency);
  return (
    <div className="space-y-5 px-5 py-8 sm:px-8">
      <div className="space-y-1">
        <h2 className="text-lg font-semibold">No events yet</h2>
        <p className="max-w-2xl text-sm text-muted">
          Send a first event from your server or a terminal. It shows up here within a second, and everything Aftercart measures is computed from
          events like it.
        </p>
      </div>
      <ol className="space-y-5 text-sm">
        <li className="space-y-2">
          <p className="font-medium">1. Get an ingest key</p>
          {canManageKeys ? (
            <Link href={`/${orgSlug}/settings/api-keys`} className={buttonClasses("secondary", "sm")}>
              Create an ingest key
            </Link>
          ) : (
            <p className="text-muted">Ask an admin of this organisation for an ingest key (it starts with ac_pub_).</p>
          )}
        </li>
        <li className="space-y-2">
          <p className="font-medium">
            2. Put the key in <code className="rounded bg-canvas px-1 font-mono text-xs">{KEY_VARIABLE}</code> and send an event
          </p>
          <div className="relative">
            <pre aria-label="Command to send a first event" className="overflow-x-auto rounded-lg border border-line bg-ink p-4 pr-20 font-mono text-xs leading-relaxed text-white">
              {command}
            </pre>
            <div className="absolute top-2 right-2">
              <CopyButton value={command} aria-label="Copy the command" />
            </div>
          </div>
        </li>
      </ol>
      {listening && (
        <p role="status" className="flex items-center gap-2 text-sm text-muted">
          <span className="size-2 animate-pulse rounded-full bg-brand-500" aria-hidden />
          Waiting for your first event…
        </p>
      )}
    </div>
  );
}
