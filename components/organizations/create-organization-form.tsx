"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, InputField } from "@/components/ui/field";
import { slugify } from "@/lib/organization-options";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import { OrganizationSettingsFields, readOrganizationSettings } from "./organization-fields";

export function CreateOrganizationForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const create = useMutation(
    trpc.organization.create.mutationOptions({
      onSuccess: ({ slug }) => {
        router.push(`/${slug}`);
        router.refresh();
      },
    }),
  );
  const failure = create.error ? describeClientError(create.error) : null;
  const browserZone = typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ ...readOrganizationSettings(new FormData(event.currentTarget)), slug });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormError message={failure && Object.keys(failure.fieldErrors).length === 0 ? failure.message : null} />
      <InputField
        label="Organisation name"
        name="name"
        required
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          if (!slugEdited) setSlug(slugify(e.target.value));
        }}
        error={failure?.fieldErrors.name}
      />
      <InputField
        label="Address"
        name="slug"
        required
        value={slug}
        onChange={(e) => {
          setSlugEdited(true);
          setSlug(e.target.value.toLowerCase());
        }}
        hint={`Your dashboards will live at /${slug || "your-shop"}`}
        error={failure?.fieldErrors.slug}
      />
      <OrganizationSettingsFields defaults={{ currency: "EUR", timeZone: browserZone, industry: "ecommerce" }} errors={failure?.fieldErrors ?? {}} />
      <Button type="submit" pending={create.isPending || create.isSuccess}>
        Create organisation
      </Button>
    </form>
  );
}
