"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, InputField } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import { safeCallbackPath } from "./safe-callback";

export function SignUpForm({ callbackUrl, defaultEmail }: { callbackUrl?: string; defaultEmail?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
  const failure = signUp.error ? describeClientError(signUp.error) : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    await signUp.mutateAsync(input).then(
      async () => {
        await signIn("credentials", { email: input.email, password: input.password, redirect: false });
        const destination = safeCallbackPath(callbackUrl);
        router.replace(destination === "/" ? "/organizations/new" : destination);
        router.refresh();
      },
      () => undefined, // shown from signUp.error
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormError message={failure && Object.keys(failure.fieldErrors).length === 0 ? failure.message : null} />
      <InputField label="Your name" name="name" autoComplete="name" required error={failure?.fieldErrors.name} />
      <InputField
        label="Work email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={defaultEmail}
        error={failure?.fieldErrors.email}
      />
      <InputField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters. A phrase of a few unrelated words works well."
        error={failure?.fieldErrors.password}
      />
      <Button type="submit" pending={signUp.isPending || signUp.isSuccess} className="w-full">
        Create account
      </Button>
    </form>
  );
}
