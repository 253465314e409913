"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, InputField } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { OrganizationSettingsFields, readOrganizationSettings } from "@/components/organizations/organization-fields";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

interface Props {
  orgSlug: string;
  defaults: { name: string; currency: string; timeZone: string; industry: string };
  canEdit: boolean;
}

export function OrganizationSettingsForm({ orgSlug, defaults, canEdit }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const update = useMutation(
    trpc.organization.update.mutationOptions({
      onSuccess: () => {
        toast.success("Settings saved.");
        router.refresh();
      },
    }),
  );
  const failure = update.error ? describeClientError(update.error) : null;
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ orgSlug, ...readOrganizationSettings(new FormData(event.currentTarget)) });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <fieldset disabled={!canEdit} className="min-w-0 space-y-5">
        <FormError message={failure && Object.keys(failure.fieldErrors).length === 0 ? failure.message : null} />
        <InputField label="Name" name="name" defaultValue={defaults.name} required error={failure?.fieldErrors.name} />
        <OrganizationSettingsFields defaults={defaults} errors={failure?.fieldErrors ?? {}} />
      </fieldset>
      {canEdit ? (
        <Button type="submit" pending={update.isPending}>
          Save settings
        </Button>
      ) : (
        <p className="text-sm text-muted">Only admins and owners can change these settings.</p>
      )}
    </form>
  );
}
