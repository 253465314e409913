"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, InputField } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import type { ErasureCounts } from "./types";

interface Props {
  orgSlug: string;
  customerId: string;
  onErased: (counts: ErasureCounts) => void;
}

export function EraseCustomerDialog({ orgSlug, customerId, onErased }: Props) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [confirmation, setConfirmation] = useState("");
  const erase = useMutation(trpc.customer.erase.mutationOptions({ onSuccess: onErased }));
  const failure = erase.error ? describeClientError(erase.error) : null;
  const close = () => {
    setOpen(false);
    setConfirmation("");
    erase.reset();
  };
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Erase…
      </Button>
      <Dialog
        open={open}
        onClose={close}
        title="Erase this customer?"
        description={
          <>
            Deletes everything stored about <strong className="font-mono text-ink">{customerId}</strong>: their events (anonymous ones linked to them
            included), orders with their refunds and cancellations, survey responses, traits and identity links. Metrics no longer count them. This
            cannot be undone; export first if you need a copy.
          </>
        }
      >
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            erase.mutate({ orgSlug, customerId, confirmCustomerId: confirmation });
          }}
        >
          <FormError message={failure && !failure.fieldErrors.confirmCustomerId ? failure.message : null} />
          <InputField
            label="Type the customer id to confirm"
            name="confirmCustomerId"
            autoComplete="off"
            spellCheck={false}
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
            error={failure?.fieldErrors.confirmCustomerId}
            className="font-mono"
          />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={erase.isPending} disabled={confirmation !== customerId}>
              Erase for ever
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
