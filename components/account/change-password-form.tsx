"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRef, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, InputField } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

export function ChangePasswordForm() {
  const trpc = useTRPC();
  const formRef = useRef<HTMLFormElement>(null);
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const failure = change.error ? describeClientError(change.error) : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get("newPassword") ?? "");
    const result = await change
      .mutateAsync({ currentPassword: String(form.get("currentPassword") ?? ""), newPassword })
      .catch(() => null);
    if (!result) return;
    // The change ended every session, this one included: sign this browser in again with the new password.
    await signIn("credentials", { email: result.email, password: newPassword, redirect: false });
    formRef.current?.reset();
    toast.success("Password changed. Other devices were signed out.");
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormError message={failure && Object.keys(failure.fieldErrors).length === 0 ? failure.message : null} />
      <InputField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={failure?.fieldErrors.currentPassword} />
      <InputField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters. Every other session is signed out."
        error={failure?.fieldErrors.newPassword}
      />
      <Button type="submit" pending={change.isPending}>
        Change password
      </Button>
    </form>
  );
}
