import Link from "next/link";
import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; email?: string; reset?: string }> }) {
  const { callbackUrl, email, reset } = await searchParams;
  const signUpHref = callbackUrl ? `/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-up";
  return (
    <AuthCard
      title="Sign in to Aftercart"
      subtitle={reset ? "Your password was changed. Sign in with the new one." : undefined}
      footer={
        <>
          New here?{" "}
          <Link href={signUpHref} className="font-medium text-brand-700 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm callbackUrl={callbackUrl} defaultEmail={email} />
    </AuthCard>
  );
}
