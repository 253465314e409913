import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { WidgetBuilder } from "@/components/widgets/widget-builder";
import { DeleteWidget, WidgetShare } from "@/components/widgets/widget-share";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/lib/env";
import { can } from "@/lib/permissions";
import { requestOrigin } from "@/lib/request-origin";
import type { WidgetInput } from "@/lib/validation/widgets";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Widget" };

export default async function WidgetPage({ params }: { params: Promise<{ orgSlug: string; widgetId: string }> }) {
  const { orgSlug, widgetId } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  if (!can(org.role, "widgets.manage")) notFound();
  const widget = await orPage(api.widget.get({ orgSlug, widgetId }));
  await getQueryClient().prefetchQuery(trpc.widget.shareTokens.queryOptions({ orgSlug, widgetId }));
  const catalog = (await api.metric.catalog({ orgSlug })).filter((m) => m.unit !== "table").map(({ key, name, unit, family }) => ({ key, name, unit, family }));
  const origin = requestOrigin(await headers(), env.APP_URL);
  const initial = { ...widget, lockedSegment: widget.lockedSegment ?? null } as WidgetInput;
  return (
    <HydrateClient>
      <PageHeader title={widget.name} description="Change it, share it, or sign tokens for it on your server." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Share links" description="Each link shows this widget on the sites you name, until you revoke it or it expires." />
          <CardBody>
            <Suspense>
              <WidgetShare orgSlug={org.slug} widgetId={widget.id} origin={origin} timeZone={org.timeZone} />
            </Suspense>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Signed embedding" description={`Sign {"widget": "${widget.id}", "aud": "aftercart:embed", "exp": …} with HS256 and your embed secret, then frame ${origin}/embed/t/{token}. docs/embedding.md has a server example.`} />
        </Card>
        <WidgetBuilder orgSlug={org.slug} catalog={catalog} widgetId={widget.id} initial={initial} />
        <Card className="border-danger-600/30">
          <CardHeader title="Delete" description="Sites showing this widget show an error instead; its links and views go with it." action={<DeleteWidget orgSlug={org.slug} widgetId={widget.id} name={widget.name} />} />
        </Card>
      </div>
    </HydrateClient>
  );
}
