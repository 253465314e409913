"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, InputField } from "@/components/ui/field";
import { API_KEY_KINDS, type ApiKeyKind } from "@/lib/api-key-kinds";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

type Created = { key: string; name: string; kind: ApiKeyKind };

/** "Create key": a dialog asking kind and name, then showing the new key once. */
export function CreateApiKey({ orgSlug, variant = "primary" }: { orgSlug: string; variant?: "primary" | "secondary" }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<ApiKeyKind>("ingest");
  const [created, setCreated] = useState<Created | null>(null);
  const create = useMutation(
    trpc.apiKey.create.mutationOptions({
      onSuccess: (row) => {
        setCreated({ key: row.key, name: row.name, kind: row.kind });
        void queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey({ orgSlug }) });
      },
    }),
  );
  const failure = create.error ? describeClientError(create.error) : null;

  function close() {
    // The key lives only in this dialog: closing it forgets the key for good.
    setOpen(false);
    setCreated(null);
    create.reset();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ orgSlug, kind, name: String(form.get("name") ?? "") });
  }

  return (
    <>
      <Button variant={variant} onClick={() => (setKind("ingest"), setOpen(true))}>
        Create key
      </Button>
      <Dialog
        open={open}
        onClose={close}
        dismissible={!created}
        title={created ? `Your new ${API_KEY_KINDS[created.kind].label.toLowerCase()} key` : "Create an API key"}
        description={created ? undefined : "Each key belongs to this organisation. Name it after where it will be used, so you know what breaks if you revoke it."}
      >
        {created ? (
          <RevealKey created={created} onDone={close} />
        ) : (
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            <FormError message={failure && Object.keys(failure.fieldErrors).length === 0 ? failure.message : null} />
            <fieldset className="space-y-2">
              <legend className="mb-1.5 text-sm font-medium text-ink">Kind</legend>
              {(Object.keys(API_KEY_KINDS) as ApiKeyKind[]).map((k) => (
                <label
                  key={k}
                  className="flex cursor-pointer gap-3 rounded-lg border border-line p-3 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
                >
                  <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="mt-1 accent-brand-600" />
                  <span className="text-sm">
                    <span className="block font-medium">
                      {API_KEY_KINDS[k].label} key <code className="font-mono text-xs text-muted">{API_KEY_KINDS[k].prefix}…</code>
                    </span>
                    <span className="text-muted">{API_KEY_KINDS[k].description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <InputField
              label="Name"
              name="name"
              placeholder={kind === "ingest" ? "Storefront" : "Nightly BI export"}
              maxLength={80}
              autoComplete="off"
              required
              error={failure?.fieldErrors.name}
            />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" pending={create.isPending}>
                Create key
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}

function RevealKey({ created, onDone }: { created: Created; onDone: () => void }) {
  return (
    <div className="space-y-4">
      <div role="alert" className="rounded-lg border border-warning-700/20 bg-warning-50 px-3 py-2 text-sm text-warning-700">
        Copy this key now: <strong>you will not see it again.</strong> We keep only a fingerprint of it. If you lose it, revoke it and create another.
      </div>
      <div className="space-y-1.5">
        <label htmlFor="new-api-key" className="block text-sm font-medium">
          {created.name}
        </label>
        <div className="flex gap-2">
          <input
            id="new-api-key"
            readOnly
            value={created.key}
            onFocus={(e) => e.currentTarget.select()}
            className="min-w-0 flex-1 rounded-lg border border-line bg-canvas px-3 py-2 font-mono text-sm"
          />
          <CopyButton value={created.key} size="md" copiedMessage="Key copied." />
        </div>
        <p className="text-xs text-muted">{API_KEY_KINDS[created.kind].description}</p>
      </div>
      <div className="flex justify-end">
        <Button onClick={onDone}>I have copied it</Button>
      </div>
    </div>
  );
}
