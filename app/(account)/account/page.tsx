import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { ProfileForm } from "@/components/account/profile-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { getSessionUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="Profile" />
        <CardBody>
          <ProfileForm name={user.name} email={user.email} />
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Password" />
        <CardBody>
          <ChangePasswordForm />
        </CardBody>
      </Card>
    </div>
  );
}
