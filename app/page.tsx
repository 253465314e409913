import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClasses } from "@/components/ui/button";
import { Logo } from "@/components/ui/logo";
import { getSessionUser } from "@/server/auth/session";
import { api } from "@/lib/trpc/server";

const FAMILIES = [
  ["Beyond the sale", "Product passports, repair, resale and recycling: who comes back after the box is opened."],
  ["Checkout", "Where carts are abandoned, why, and whether recovery messages bring them back."],
  ["Relationship", "NPS, CES, CSAT, loyalty, retention, churn and lifetime value, against your own targets."],
] as const;

export default async function HomePage() {
  if (await getSessionUser()) {
    const orgs = await api.organization.list();
    redirect(orgs[0] ? `/${orgs[0].slug}` : "/organizations/new");
  }
  return (
    <div className="mx-auto flex min-h-dvh max-w-5xl flex-col px-6">
      <header className="flex items-center justify-between py-6">
        <Logo />
        <nav className="flex gap-2">
          <Link href="/sign-in" className={buttonClasses("ghost")}>
            Sign in
          </Link>
          <Link href="/sign-up" className={buttonClasses("primary")}>
            Create an account
          </Link>
        </nav>
      </header>
      <main className="flex flex-1 flex-col justify-center gap-12 py-16">
        <div className="max-w-2xl space-y-5">
          <h1 className="text-4xl font-semibold tracking-tight sm:text-5xl">How customers engage beyond the sale.</h1>
          <p className="text-lg text-muted">
            Aftercart turns the events your shop already sends into the numbers that tell you whether customers come back:
            after purchase, at checkout, and over the whole relationship.
          </p>
          <div className="flex gap-3">
            <Link href="/sign-up" className={buttonClasses("primary", "lg")}>
              Start free
            </Link>
            <Link href="/sign-in" className={buttonClasses("secondary", "lg")}>
              Sign in
            </Link>
          </div>
        </div>
        <ul className="grid gap-4 sm:grid-cols-3">
          {FAMILIES.map(([title, text]) => (
            <li key={title} className="rounded-xl border border-line bg-surface p-5">
              <h2 className="font-medium">{title}</h2>
              <p className="mt-1 text-sm text-muted">{text}</p>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}
