import Link from "next/link";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { INDUSTRY_LABELS } from "@/lib/organization-options";
import { can, ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/permissions";
import { api, orPage } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Home" };

export default async function OrganizationHomePage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const [org, members] = await Promise.all([orPage(api.organization.get({ orgSlug })), orPage(api.member.list({ orgSlug }))]);
  const facts = [
    ["Currency", org.currency],
    ["Time zone", org.timeZone],
    ["Industry", INDUSTRY_LABELS[org.industry]],
    ["Members", String(members.length)],
  ];
  return (
    <>
      <PageHeader title={org.name} description={`/${org.slug}`} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Organisation" description="The settings every number in Aftercart is read in." />
          <CardBody>
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
              {facts.map(([label, value]) => (
                <div key={label}>
                  <dt className="text-xs uppercase tracking-wide text-muted">{label}</dt>
                  <dd className="mt-1 font-medium">{value}</dd>
                </div>
              ))}
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Your role" action={<Badge tone="brand">{ROLE_LABELS[org.role]}</Badge>} />
          <CardBody className="space-y-4 text-sm text-muted">
            <p>{ROLE_DESCRIPTIONS[org.role]}</p>
            {can(org.role, "members.manage") && (
              <Link href={`/${org.slug}/settings/members`} className={buttonClasses("secondary", "sm")}>
                Invite your team
              </Link>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
