"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, InputField } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

export function ResetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const reset = useMutation(
    trpc.account.resetPassword.mutationOptions({
      onSuccess: ({ email }) => router.replace(`/sign-in?reset=1&email=${encodeURIComponent(email)}`),
    }),
  );
  const failure = reset.error ? describeClientError(reset.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    reset.mutate({ token, password: String(new FormData(event.currentTarget).get("password") ?? "") });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormError message={failure && !failure.fieldErrors.password ? failure.message : null} />
      <InputField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters. Signing in elsewhere ends with this change."
        error={failure?.fieldErrors.password}
      />
      <Button type="submit" pending={reset.isPending || reset.isSuccess} className="w-full">
        Set new password
      </Button>
    </form>
  );
}
