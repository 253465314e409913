import Link from "next/link";
import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitationButton } from "@/components/auth/accept-invitation-button";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { buttonClasses } from "@/components/ui/button";
import { ROLE_LABELS } from "@/lib/permissions";
import { api } from "@/lib/trpc/server";
import { getSessionUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Invitation" };

const UNUSABLE = {
  invalid: ["This invitation link is not valid", "Check that you copied the whole link, or ask for a new invitation."],
  expired: ["This invitation has expired", "Ask an admin of the organisation to invite you again."],
  accepted: ["This invitation has already been used", "If it was you, sign in to open the organisation."],
  revoked: ["This invitation was withdrawn", "Ask an admin of the organisation for a new one."],
} as const;

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = token.length >= 10 && token.length <= 200 ? await api.invitation.describe({ token }) : ({ status: "invalid" } as const);
  if (invitation.status !== "pending") {
    const [title, text] = UNUSABLE[invitation.status];
    return (
      <AuthCard title={title} subtitle={text}>
        <Link href="/sign-in" className={buttonClasses("secondary")}>
          Go to sign in
        </Link>
      </AuthCard>
    );
  }
  const user = await getSessionUser();
  const here = `/invite/${token}`;
  const summary = (
    <>
      {invitation.inviter ?? "An admin"} invited <strong>{invitation.email}</strong> to join <strong>{invitation.orgName}</strong> as{" "}
      {ROLE_LABELS[invitation.role]}.
    </>
  );
  if (!user) {
    const query = `callbackUrl=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`;
    return (
      <AuthCard title={`Join ${invitation.orgName}`} subtitle={summary}>
        <div className="flex flex-col gap-2">
          <Link href={`/sign-up?${query}`} className={buttonClasses("primary")}>
            Create an account to accept
          </Link>
          <Link href={`/sign-in?${query}`} className={buttonClasses("secondary")}>
            I already have an account
          </Link>
        </div>
      </AuthCard>
    );
  }
  if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <AuthCard title="This invitation is for someone else" subtitle={summary}>
        <p className="mb-4 text-sm text-muted">
          You are signed in as {user.email}. Sign out, then sign in as {invitation.email} to accept.
        </p>
        <SignOutButton redirectTo={`/sign-in?callbackUrl=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`} />
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${invitation.orgName}`} subtitle={summary}>
      <AcceptInvitationButton token={token} orgName={invitation.orgName} />
    </AuthCard>
  );
}
