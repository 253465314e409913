import Link from "next/link";
import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { buttonClasses } from "@/components/ui/button";
import { api } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const valid = token ? (await api.account.checkResetToken({ token })).valid : false;
  if (!token || !valid) {
    return (
      <AuthCard title="This link does not work any more" subtitle="Reset links work once, for one hour.">
        <Link href="/forgot-password" className={buttonClasses("primary")}>
          Ask for a new link
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password">
      <ResetPasswordForm token={token} />
    </AuthCard>
  );
}
