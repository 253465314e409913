import { Suspense, type ReactNode } from "react";
import { redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { BillingBanner } from "@/components/billing/billing-banner";
import { OrgSwitcher } from "@/components/shell/org-switcher";
import { SideNav, type NavItem } from "@/components/shell/side-nav";
import { TopBar } from "@/components/shell/top-bar";
import { DASHBOARD_PAGES } from "@/lib/dashboard/pages";
import { can, type Permission } from "@/lib/permissions";
import { api, orPage } from "@/lib/trpc/server";
import { getSessionUser } from "@/server/auth/session";

export default async function OrganizationLayout({ children, params }: { children: ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/${orgSlug}`)}`);
  const [org, orgs, billing] = await Promise.all([
    orPage(api.organization.get({ orgSlug })),
    api.organization.list(),
    // The banner is a courtesy: a billing read that fails must not take every page down with it.
    // (An unknown organisation fails here too; organization.get answers that one with a 404.)
    api.billing.standing({ orgSlug }).catch((error: unknown) => {
      if (!(error instanceof TRPCError && ["NOT_FOUND", "UNAUTHORIZED"].includes(error.code))) console.error("[billing] banner state unavailable", error);
      return null;
    }),
  ]);
  const base = `/${org.slug}`;
  // One line per page; `permission` hides an entry from roles that could not open it anyway.
  const data: (NavItem & { permission?: Permission })[] = [
    { href: `${base}/events`, label: "Events" },
    { href: `${base}/customers`, label: "Customers", prefix: true },
    { href: `${base}/surveys`, label: "Surveys", prefix: true },
    { href: `${base}/loyalty`, label: "Loyalty programme" },
    { href: `${base}/widgets`, label: "Widgets", prefix: true },
  ];
  const settings: (NavItem & { permission?: Permission })[] = [
    { href: `${base}/settings`, label: "General" },
    { href: `${base}/settings/metrics`, label: "Metrics" },
    { href: `${base}/settings/benchmarks`, label: "Benchmarks" },
    { href: `${base}/settings/members`, label: "Members" },
    { href: `${base}/settings/tracking`, label: "Tracking" },
    { href: `${base}/settings/api-keys`, label: "API keys", permission: "keys.manage" },
    { href: `${base}/settings/audit`, label: "Audit log", permission: "audit.read" },
    { href: `${base}/settings/imports`, label: "Imports", permission: "settings.manage" },
    { href: `${base}/settings/billing`, label: "Billing" },
  ];
  const visible = (items: (NavItem & { permission?: Permission })[]) => items.filter((i) => !i.permission || can(org.role, i.permission));
  return (
    <div className="min-h-dvh">
      <TopBar user={user}>
        <OrgSwitcher current={{ slug: org.slug, name: org.name }} orgs={orgs.map((o) => ({ slug: o.slug, name: o.name }))} />
      </TopBar>
      <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row">
        <aside className="md:w-52 md:shrink-0">
          <Suspense>
          <SideNav
            sections={[
              { title: "Dashboards", items: DASHBOARD_PAGES.map((p) => ({ href: `${base}${p.path}`, label: p.label, keepView: true })) },
              ...(visible(data).length ? [{ title: "Data", items: visible(data) }] : []),
              { title: "Settings", items: visible(settings) },
            ]}
          />
          </Suspense>
        </aside>
        <main className="min-w-0 flex-1">
          {billing && <BillingBanner state={billing} billingHref={`${base}/settings/billing`} canManage={can(org.role, "billing.manage")} />}
          {children}
        </main>
      </div>
    </div>
  );
}
