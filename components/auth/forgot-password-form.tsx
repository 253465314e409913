"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, InputField } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const request = useMutation(trpc.account.requestPasswordReset.mutationOptions());
  const failure = request.error ? describeClientError(request.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    request.mutate({ email: String(new FormData(event.currentTarget).get("email") ?? "") });
  }

  if (request.isSuccess) {
    return (
      <div className="space-y-4 text-sm">
        <p role="status">
          If an account exists for that address, we have sent it a link to choose a new password. The link works for one
          hour.
        </p>
        {!request.data.emailed && (
          <p className="text-muted">This server does not send email: the link is written to the server log.</p>
        )}
        {request.data.demoLink && (
          <p className="rounded-lg border border-warning-700/20 bg-warning-50 p-3">
            Demo mode: <Link href={request.data.demoLink} className="font-medium break-all text-brand-700 underline">open the reset link</Link>
          </p>
        )}
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormError message={failure && !failure.fieldErrors.email ? failure.message : null} />
      <InputField label="Email" name="email" type="email" autoComplete="email" required error={failure?.fieldErrors.email} />
      <Button type="submit" pending={request.isPending} className="w-full">
        Send reset link
      </Button>
    </form>
  );
}
