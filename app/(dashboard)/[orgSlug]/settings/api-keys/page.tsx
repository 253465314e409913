import type { Metadata } from "next";
import { Suspense } from "react";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ApiKeysTable } from "@/components/settings/api-keys-table";
import { CreateApiKey } from "@/components/settings/create-api-key";
import { FirstEventCard } from "@/components/settings/first-event-card";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { API_KEY_KINDS, type ApiKeyKind } from "@/lib/api-key-kinds";
import { env } from "@/lib/env";
import { can } from "@/lib/permissions";
import { requestOrigin } from "@/lib/request-origin";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  if (!can(org.role, "keys.manage")) notFound();
  await getQueryClient().prefetchQuery(trpc.apiKey.list.queryOptions({ orgSlug }));
  const origin = requestOrigin(await headers(), env.APP_URL);
  return (
    <HydrateClient>
      <PageHeader title="API keys" description="Keys let your shop, apps and servers talk to Aftercart's REST API on behalf of this organisation." />
      <div className="grid grid-cols-1 items-start gap-6 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card>
          <CardHeader
            title="Keys"
            description={
              <span className="mt-1 grid gap-x-3 gap-y-0.5 sm:grid-cols-[auto_1fr]">
                {(Object.keys(API_KEY_KINDS) as ApiKeyKind[]).map((kind) => (
                  <span key={kind} className="contents">
                    <span className="font-medium text-ink">
                      {API_KEY_KINDS[kind].label} <code className="font-mono text-xs">{API_KEY_KINDS[kind].prefix}…</code>
                    </span>
                    <span>{API_KEY_KINDS[kind].description}</span>
                  </span>
                ))}
              </span>
            }
            action={<CreateApiKey orgSlug={org.slug} variant="secondary" />}
          />
          <Suspense>
            <ApiKeysTable orgSlug={org.slug} />
          </Suspense>
        </Card>
        <FirstEventCard origin={origin} currency={org.currency} />
      </div>
    </HydrateClient>
  );
}
