"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, InputField } from "@/components/ui/field";
import { safeCallbackPath } from "./safe-callback";

const MESSAGES: Record<string, string> = {
  rate_limited: "Too many attempts. Wait a few minutes, or reset your password.",
  invalid_credentials: "That email and password do not match an account.",
};

export function SignInForm({ callbackUrl, defaultEmail }: { callbackUrl?: string; defaultEmail?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (result?.error) {
        setError(MESSAGES[result.code ?? ""] ?? MESSAGES.invalid_credentials!);
        return;
      }
      router.replace(safeCallbackPath(callbackUrl));
      router.refresh();
    } catch {
      setError("Could not reach Aftercart. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormError message={error} />
      <InputField label="Email" name="email" type="email" autoComplete="email" required defaultValue={defaultEmail} />
      <InputField label="Password" name="password" type="password" autoComplete="current-password" required />
      <div className="flex justify-end">
        <Link href="/forgot-password" className="text-sm text-brand-700 hover:underline">
          Forgot your password?
        </Link>
      </div>
      <Button type="submit" pending={pending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
