import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";
import { UserMenu } from "./user-menu";

export function TopBar({ user, children }: { user: { name: string | null; email: string }; children?: ReactNode }) {
  return (
    <header className="sticky top-0 z-20 border-b border-line bg-surface/95 backdrop-blur">
      <div className="flex h-14 items-center gap-3 px-4 sm:px-6">
        <Link href="/" aria-label="Aftercart home">
          <Logo />
        </Link>
        {children}
        <div className="ml-auto">
          <UserMenu user={user} />
        </div>
      </div>
    </header>
  );
}
