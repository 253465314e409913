"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { CopyField } from "@/components/settings/copy-field";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormError, InputField, TextareaField } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

export function shareSnippet(origin: string, token: string): string {
  return `<div data-aftercart-widget="${origin}/embed/w/${token}"></div>\n<script src="${origin}/embed.js" async></script>`;
}

/** Share links of one widget: create (shown once, with the snippet), list, revoke. */
export function WidgetShare({ orgSlug, widgetId, origin, timeZone }: { orgSlug: string; widgetId: string; origin: string; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: tokens } = useSuspenseQuery(trpc.widget.shareTokens.queryOptions({ orgSlug, widgetId }));
  const [created, setCreated] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.widget.shareTokens.queryKey({ orgSlug, widgetId }) });
  const create = useMutation(trpc.widget.createShareToken.mutationOptions({ onSuccess: ({ token }) => (setCreated(token), refresh()) }));
  const revoke = useMutation(
    trpc.widget.revokeShareToken.mutationOptions({ onSuccess: () => (toast.success("Link revoked: the widget no longer shows through it."), refresh()), onError: (e) => toast.error(describeClientError(e).message) }),
  );
  const failure = create.error ? describeClientError(create.error) : null;
  const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const expires = String(form.get("expiresOn") ?? "");
    create.mutate({
      orgSlug,
      widgetId,
      allowedOrigins: String(form.get("origins") ?? "")
        .split(/\s+/)
        .filter(Boolean),
      expiresAt: expires ? new Date(`${expires}T23:59:59`) : null,
    });
  }

  return (
    <div className="space-y-4">
      {created && (
        <div className="space-y-3 rounded-lg border border-brand-100 bg-brand-50 p-4" data-testid="share-created">
          <p className="text-sm font-medium">Your link. Copy it now: it is shown only once.</p>
          <CopyField label="Embed snippet" value={shareSnippet(origin, created)} />
          <CopyField label="Widget URL" value={`${origin}/embed/w/${created}`} />
        </div>
      )}
      <form onSubmit={onSubmit} noValidate className="grid items-start gap-3 sm:grid-cols-[1fr_11rem_auto]" aria-label="New share link">
        <div className="sm:col-span-3">
          <FormError message={failure && Object.keys(failure.fieldErrors).length === 0 ? failure.message : null} />
        </div>
        <TextareaField label="Sites that may show it (origins)" name="origins" rows={2} placeholder="https://portal.example.com" className="font-mono" error={failure?.fieldErrors.allowedOrigins} />
        <InputField label="Expires (optional)" name="expiresOn" type="date" error={failure?.fieldErrors.expiresAt} />
        <Button type="submit" pending={create.isPending} className="sm:mt-6.5">
          Create link
        </Button>
      </form>
      {tokens.length > 0 && (
        <Table>
          <thead>
            <tr>
              <Th>Link</Th>
              <Th>Sites</Th>
              <Th>Expires</Th>
              <Th>Status</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => {
              const expired = t.expiresAt !== null && new Date(t.expiresAt) <= new Date();
              return (
                <tr key={t.id}>
                  <Td className="font-mono text-xs">{t.displayPrefix}…</Td>
                  <Td className="text-xs">{t.allowedOrigins.join(", ")}</Td>
                  <Td className="whitespace-nowrap text-muted">{t.expiresAt ? date.format(new Date(t.expiresAt)) : "Never"}</Td>
                  <Td>{t.revokedAt ? <Badge tone="danger">Revoked</Badge> : expired ? <Badge>Expired</Badge> : <Badge tone="brand">Active</Badge>}</Td>
                  <Td className="text-right">
                    {!t.revokedAt && (
                      <Button size="sm" variant="ghost" className="text-danger-600" pending={revoke.isPending && revoke.variables?.tokenId === t.id} onClick={() => revoke.mutate({ orgSlug, tokenId: t.id })}>
                        Revoke
                      </Button>
                    )}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </div>
  );
}

/** The organisation's embed secret: its prefix and age; admins rotate it (shown once). */
export function EmbedSecretCard({ orgSlug, canRotate }: { orgSlug: string; canRotate: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: status } = useSuspenseQuery(trpc.widget.embedSecret.queryOptions({ orgSlug }));
  const [secret, setSecret] = useState<string | null>(null);
  const rotate = useMutation(
    trpc.widget.rotateEmbedSecret.mutationOptions({
      onSuccess: (r) => (setSecret(r.secret), queryClient.invalidateQueries({ queryKey: trpc.widget.embedSecret.queryKey({ orgSlug }) })),
      onError: (e) => toast.error(describeClientError(e).message),
    }),
  );
  return (
    <div className="space-y-3">
      <p className="text-sm">
        {status ? (
          <>
            Current secret <span className="font-mono">{status.displayPrefix}…</span>, set {new Date(status.rotatedAt).toISOString().slice(0, 10)}.
          </>
        ) : (
          "No embed secret yet: create one to sign embed tokens on your server."
        )}
      </p>
      {secret && <CopyField label="Embed secret (shown once)" value={secret} />}
      {canRotate && (
        <Button
          variant="secondary"
          pending={rotate.isPending}
          onClick={() => {
            if (!status || window.confirm("Rotate the embed secret? Tokens signed with the current one stop working at once.")) rotate.mutate({ orgSlug });
          }}
        >
          {status ? "Rotate secret" : "Create secret"}
        </Button>
      )}
    </div>
  );
}

/** Deletes the widget: its links stop at once, signed tokens naming it find nothing. */
export function DeleteWidget({ orgSlug, widgetId, name }: { orgSlug: string; widgetId: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.widget.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.widget.pathKey() });
        toast.success(`${name} deleted.`);
        router.push(`/${orgSlug}/widgets`);
      },
      onError: (e) => toast.error(describeClientError(e).message),
    }),
  );
  return (
    <Button
      variant="danger"
      pending={remove.isPending}
      onClick={() => window.confirm(`Delete "${name}"? Every site showing it will show an error instead.`) && remove.mutate({ orgSlug, widgetId })}
    >
      Delete widget
    </Button>
  );
}
