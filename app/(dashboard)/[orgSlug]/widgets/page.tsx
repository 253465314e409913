import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { EmbedSecretCard } from "@/components/widgets/widget-share";
import { WidgetList } from "@/components/widgets/widget-list";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Widgets" };

export default async function WidgetsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  const canBuild = can(org.role, "widgets.manage");
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.widget.list.queryOptions({ orgSlug })),
    canBuild ? queryClient.prefetchQuery(trpc.widget.embedSecret.queryOptions({ orgSlug })) : null,
  ]);
  return (
    <HydrateClient>
      <PageHeader
        title="Widgets"
        description="Aftercart numbers inside your clients' portals, locked to what each widget is made for."
        action={
          canBuild && (
            <Link href={`/${org.slug}/widgets/new`} className={buttonClasses()}>
              New widget
            </Link>
          )
        }
      />
      <div className="space-y-6">
        <Card>
          <Suspense>
            <WidgetList orgSlug={org.slug} canBuild={canBuild} />
          </Suspense>
        </Card>
        {canBuild && (
          <Card>
            <CardHeader title="Signed embedding" description="Your server signs a short-lived token (HS256) with this secret for each page view; see docs/embedding.md." />
            <CardBody>
              <Suspense>
                <EmbedSecretCard orgSlug={org.slug} canRotate={can(org.role, "settings.manage")} />
              </Suspense>
            </CardBody>
          </Card>
        )}
      </div>
    </HydrateClient>
  );
}
