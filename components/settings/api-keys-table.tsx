"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { API_KEY_KINDS } from "@/lib/api-key-kinds";
import { formatDate, formatDateTime } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import { CreateApiKey } from "./create-api-key";

type Key = { id: string; name: string; displayPrefix: string };

const lastUsed = (at: Date | null) => (at ? formatDateTime(at) : "Never");

export function ApiKeysTable({ orgSlug }: { orgSlug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: keys } = useSuspenseQuery(trpc.apiKey.list.queryOptions({ orgSlug }));
  const [revoking, setRevoking] = useState<Key | null>(null);
  const revoke = useMutation(
    trpc.apiKey.revoke.mutationOptions({
      onSuccess: () => {
        toast.success(`${revoking?.name ?? "The key"} was revoked.`);
        setRevoking(null);
        void queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey({ orgSlug }) });
      },
    }),
  );
  const closeRevoke = () => (setRevoking(null), revoke.reset());

  if (keys.length === 0) {
    return (
      <EmptyState title="No API keys yet" action={<CreateApiKey orgSlug={orgSlug} />}>
        Create an ingest key to send events from your shop, app or servers.
      </EmptyState>
    );
  }

  return (
    <>
      <Table>
        <thead>
          <tr>
            <Th>Key</Th>
            <Th className="hidden sm:table-cell">Kind</Th>
            <Th className="hidden md:table-cell">Created</Th>
            <Th className="hidden md:table-cell">Last used</Th>
            {/* No visually hidden text here: an absolutely positioned sr-only span escapes the table's scroll box and widens the page on phones. */}
            <Th className="text-right" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} className={key.revokedAt ? "text-muted" : undefined}>
              <Td>
                <span className="block font-medium">{key.name}</span>
                <code className="font-mono text-xs text-muted">{key.displayPrefix}</code>
                {/* Phones have no room for the other columns: what matters of them goes under the name. */}
                <span className="mt-1 flex flex-wrap items-center gap-x-2 text-xs text-muted md:hidden">
                  <span className="sm:hidden">
                    <Badge tone={key.kind === "secret" ? "warning" : "brand"}>{API_KEY_KINDS[key.kind].label}</Badge>
                  </span>
                  Last used: {lastUsed(key.lastUsedAt)}
                </span>
              </Td>
              <Td className="hidden sm:table-cell">
                <Badge tone={key.kind === "secret" ? "warning" : "brand"}>{API_KEY_KINDS[key.kind].label}</Badge>
                <span className="mt-1 hidden text-xs text-muted sm:block">{API_KEY_KINDS[key.kind].summary}</span>
              </Td>
              <Td className="hidden whitespace-nowrap md:table-cell">
                <time dateTime={key.createdAt.toISOString()}>{formatDate(key.createdAt)}</time>
              </Td>
              <Td className="hidden whitespace-nowrap md:table-cell">
                {key.lastUsedAt ? <time dateTime={key.lastUsedAt.toISOString()}>{lastUsed(key.lastUsedAt)}</time> : <span className="text-muted">Never</span>}
              </Td>
              <Td className="text-right whitespace-nowrap">
                {key.revokedAt ? (
                  <Badge tone="danger">
                    Revoked<span className="hidden sm:inline">&nbsp;{formatDate(key.revokedAt)}</span>
                  </Badge>
                ) : (
                  <Button size="sm" variant="ghost" className="text-danger-600" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
                    Revoke
                  </Button>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Dialog
        open={revoking !== null}
        onClose={closeRevoke}
        title={`Revoke ${revoking?.name ?? "this key"}?`}
        description={
          <>
            Requests signed with <code className="font-mono">{revoking?.displayPrefix}</code> are refused from now on. Anything still using it stops
            sending or reading data. This cannot be undone.
          </>
        }
      >
        <FormError message={revoke.error ? describeClientError(revoke.error).message : null} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={closeRevoke}>
            Cancel
          </Button>
          <Button variant="danger" pending={revoke.isPending} onClick={() => revoking && revoke.mutate({ orgSlug, keyId: revoking.id })}>
            Revoke key
          </Button>
        </div>
      </Dialog>
    </>
  );
}
