import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <Link href="/" className="mb-8" aria-label="Aftercart home">
        <Logo className="text-lg" />
      </Link>
      <main className="w-full max-w-sm">{children}</main>
    </div>
  );
}
