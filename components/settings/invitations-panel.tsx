"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormError, InputField, SelectField } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from "@/lib/permissions";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import { formatDate } from "@/lib/format";

export function InvitationsPanel({ orgSlug, viewerRole }: { orgSlug: string; viewerRole: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ email: string; link: string; emailed: boolean } | null>(null);
  const { data: invitations } = useSuspenseQuery(trpc.invitation.list.queryOptions({ orgSlug }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.invitation.list.queryKey({ orgSlug }) });
  const invite = useMutation(
    trpc.invitation.create.mutationOptions({
      onSuccess: (result, input) => {
        setCreated({ email: input.email, link: result.link, emailed: result.emailed });
        void refresh();
      },
    }),
  );
  const revoke = useMutation(
    trpc.invitation.revoke.mutationOptions({
      onSuccess: () => (toast.success("Invitation withdrawn."), refresh()),
      onError: (e) => toast.error(describeClientError(e).message),
    }),
  );
  const failure = invite.error ? describeClientError(invite.error) : null;
  const roles = ROLES.filter((r) => r !== "owner" || viewerRole === "owner");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setCreated(null);
    invite.mutate(
      { orgSlug, email: String(form.get("email") ?? ""), role: String(form.get("role")) as Role },
      { onSuccess: () => formElement.reset() },
    );
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} className="grid items-start gap-3 px-5 py-4 sm:grid-cols-[1fr_12rem_auto]" noValidate>
        <div className="sm:col-span-3">
          <FormError message={failure && Object.keys(failure.fieldErrors).length === 0 ? failure.message : null} />
        </div>
        <InputField label="Email" name="email" type="email" placeholder="colleague@example.com" required error={failure?.fieldErrors.email} />
        <SelectField
          label="Role"
          name="role"
          defaultValue="viewer"
          options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          error={failure?.fieldErrors.role}
        />
        <Button type="submit" pending={invite.isPending} className="sm:mt-6.5">
          Invite
        </Button>
        <dl className="grid gap-x-4 gap-y-1 text-xs text-muted sm:col-span-3 sm:grid-cols-[auto_1fr]">
          {roles.map((r) => (
            <div key={r} className="contents">
              <dt className="font-medium text-ink">{ROLE_LABELS[r]}</dt>
              <dd>{ROLE_DESCRIPTIONS[r]}</dd>
            </div>
          ))}
        </dl>
      </form>
      {created && (
        <div role="status" className="mx-5 space-y-2 rounded-lg border border-brand-100 bg-brand-50 p-3 text-sm">
          <p>
            {created.emailed ? `We emailed an invitation to ${created.email}. ` : `Send this link to ${created.email}: `}
            it works once, for {created.email} only.
          </p>
          <div className="flex gap-2">
            <input readOnly value={created.link} aria-label="Invitation link" className="min-w-0 flex-1 rounded-md border border-line bg-surface px-2 py-1 font-mono text-xs" />
            <Button
              size="sm"
              variant="secondary"
              onClick={() => navigator.clipboard.writeText(created.link).then(() => toast.success("Link copied."))}
            >
              Copy
            </Button>
          </div>
        </div>
      )}
      {invitations.length > 0 && (
        <Table>
          <thead>
            <tr>
              <Th>Pending invitation</Th>
              <Th>Role</Th>
              <Th>Expires</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((inv) => (
              <tr key={inv.id}>
                <Td>
                  <span className="block">{inv.email}</span>
                  {inv.invitedBy && <span className="text-xs text-muted">by {inv.invitedBy}</span>}
                </Td>
                <Td>{ROLE_LABELS[inv.role]}</Td>
                <Td>
                  {inv.status === "expired" ? (
                    <Badge tone="warning">Expired</Badge>
                  ) : (
                    <time dateTime={inv.expiresAt.toISOString()}>{formatDate(inv.expiresAt)}</time>
                  )}
                </Td>
                <Td className="text-right">
                  <Button size="sm" variant="ghost" pending={revoke.isPending && revoke.variables?.invitationId === inv.id} onClick={() => revoke.mutate({ orgSlug, invitationId: inv.id })}>
                    {inv.status === "expired" ? "Dismiss" : "Withdraw"}
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
