import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { TopBar } from "@/components/shell/top-bar";
import { getSessionUser } from "@/server/auth/session";

export default async function AccountLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  return (
    <div className="min-h-dvh">
      <TopBar user={user} />
      <main className="mx-auto max-w-3xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
