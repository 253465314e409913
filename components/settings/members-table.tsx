"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/permissions";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

interface Props {
  orgSlug: string;
  currentUserId: string;
  viewerRole: Role;
  canManage: boolean;
}

export function MembersTable({ orgSlug, currentUserId, viewerRole, canManage }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: members } = useSuspenseQuery(trpc.member.list.queryOptions({ orgSlug }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey({ orgSlug }) });
  const onError = (error: unknown) => toast.error(describeClientError(error).message);
  const updateRole = useMutation(trpc.member.updateRole.mutationOptions({ onSuccess: () => (toast.success("Role changed."), refresh()), onError }));
  const remove = useMutation(trpc.member.remove.mutationOptions({ onSuccess: () => (toast.success("Member removed."), refresh()), onError }));
  // Only owners may grant ownership or touch an owner; the server enforces it, the UI just does not offer it.
  const assignable = ROLES.filter((r) => r !== "owner" || viewerRole === "owner");

  return (
    <Table>
      <thead>
        <tr>
          <Th>Member</Th>
          <Th>Role</Th>
          {canManage && <Th className="text-right">Actions</Th>}
        </tr>
      </thead>
      <tbody>
        {members.map((m) => {
          const editable = canManage && m.userId !== currentUserId && (m.role !== "owner" || viewerRole === "owner");
          return (
            <tr key={m.userId}>
              <Td>
                <span className="block font-medium">{m.name ?? m.email}</span>
                <span className="text-xs text-muted">{m.email}</span>
                {m.userId === currentUserId && <span className="ml-2 text-xs text-muted">(you)</span>}
              </Td>
              <Td>
                {editable ? (
                  <select
                    aria-label={`Role of ${m.email}`}
                    className="rounded-lg border border-line bg-surface px-2 py-1 text-sm"
                    value={m.role}
                    disabled={updateRole.isPending}
                    onChange={(e) => updateRole.mutate({ orgSlug, userId: m.userId, role: e.target.value as Role })}
                  >
                    {assignable.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                ) : (
                  <Badge tone={m.role === "owner" ? "brand" : "neutral"}>{ROLE_LABELS[m.role]}</Badge>
                )}
              </Td>
              {canManage && (
                <Td className="text-right">
                  {editable && (
                    <Button
                      size="sm"
                      variant="ghost"
                      className="text-danger-600"
                      pending={remove.isPending && remove.variables?.userId === m.userId}
                      onClick={() => {
                        if (window.confirm(`Remove ${m.email} from this organisation? They lose access at once.`)) {
                          remove.mutate({ orgSlug, userId: m.userId });
                        }
                      }}
                    >
                      Remove
                    </Button>
                  )}
                </Td>
              )}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
