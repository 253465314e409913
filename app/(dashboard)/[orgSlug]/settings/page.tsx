import type { Metadata } from "next";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { DeleteOrganization, LeaveOrganization } from "@/components/settings/danger-zone";
import { OrganizationSettingsForm } from "@/components/settings/organization-settings-form";
import { can } from "@/lib/permissions";
import { api, orPage } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Settings" };

export default async function OrganizationSettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  return (
    <>
      <PageHeader title="Settings" description="How this organisation's numbers are read." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="General" />
          <CardBody>
            <OrganizationSettingsForm
              orgSlug={org.slug}
              canEdit={can(org.role, "settings.manage")}
              defaults={{ name: org.name, currency: org.currency, timeZone: org.timeZone, industry: org.industry }}
            />
          </CardBody>
        </Card>
        <Card className="border-danger-600/30">
          <CardHeader title="Danger zone" />
          <CardBody className="flex flex-wrap gap-3">
            <LeaveOrganization orgSlug={org.slug} orgName={org.name} />
            {can(org.role, "org.delete") && <DeleteOrganization orgSlug={org.slug} orgName={org.name} />}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
