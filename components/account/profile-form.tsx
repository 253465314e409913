"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, InputField } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

export function ProfileForm({ name, email }: { name: string | null; email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const update = useMutation(
    trpc.account.updateProfile.mutationOptions({
      onSuccess: () => {
        toast.success("Profile saved.");
        router.refresh();
      },
    }),
  );
  const failure = update.error ? describeClientError(update.error) : null;
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ name: String(new FormData(event.currentTarget).get("name") ?? "") });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormError message={failure && !failure.fieldErrors.name ? failure.message : null} />
      <InputField label="Name" name="name" defaultValue={name ?? ""} required error={failure?.fieldErrors.name} />
      <InputField label="Email" name="email" defaultValue={email} disabled hint="Your sign-in address." />
      <Button type="submit" pending={update.isPending}>
        Save
      </Button>
    </form>
  );
}
