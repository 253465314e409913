"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, InputField } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

export function LeaveOrganization({ orgSlug, orgName }: { orgSlug: string; orgName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const leave = useMutation(
    trpc.member.leave.mutationOptions({
      onSuccess: () => {
        toast.success(`You left ${orgName}.`);
        router.replace("/organizations");
        router.refresh();
      },
    }),
  );
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Leave organisation
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Leave ${orgName}?`} description="You lose access at once. An admin can invite you again.">
        <FormError message={leave.error ? describeClientError(leave.error).message : null} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button variant="danger" pending={leave.isPending} onClick={() => leave.mutate({ orgSlug, confirm: true })}>
            Leave
          </Button>
        </div>
      </Dialog>
    </>
  );
}

export function DeleteOrganization({ orgSlug, orgName }: { orgSlug: string; orgName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [confirmSlug, setConfirmSlug] = useState("");
  const remove = useMutation(
    trpc.organization.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`${orgName} was deleted.`);
        router.replace("/organizations");
        router.refresh();
      },
    }),
  );
  const failure = remove.error ? describeClientError(remove.error) : null;
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete organisation
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete ${orgName}?`}
        description="Every member loses access and all of its data is erased. This cannot be undone."
      >
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            remove.mutate({ orgSlug, confirmSlug });
          }}
        >
          <FormError message={failure && !failure.fieldErrors.confirmSlug ? failure.message : null} />
          <InputField
            label={`Type ${orgSlug} to confirm`}
            name="confirmSlug"
            autoComplete="off"
            value={confirmSlug}
            onChange={(e) => setConfirmSlug(e.target.value)}
            error={failure?.fieldErrors.confirmSlug}
          />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={remove.isPending} disabled={confirmSlug !== orgSlug}>
              Delete for ever
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
