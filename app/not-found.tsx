import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-sm font-medium text-brand-700">404</p>
      <h1 className="text-2xl font-semibold">This page does not exist, or it is not yours to see.</h1>
      <p className="text-muted">If someone sent you this link, ask them to invite you to their organisation.</p>
      <Link href="/" className={buttonClasses("primary")}>
        Go home
      </Link>
    </main>
  );
}
