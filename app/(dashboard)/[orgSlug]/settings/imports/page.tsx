import type { Metadata } from "next";
import { Suspense } from "react";
import { ImportList } from "@/components/imports/import-list";
import { ImportWizard } from "@/components/imports/import-wizard";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";
import { MAX_UPLOAD_BYTES } from "@/server/ingest/csv/storage";

export const metadata: Metadata = { title: "Imports" };

export default async function ImportsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  // import.formats needs settings.manage: other roles get the 404 page, as for every admin page.
  const [org, formats] = await Promise.all([orPage(api.organization.get({ orgSlug })), orPage(api.import.formats({ orgSlug }))]);
  await getQueryClient().prefetchQuery(trpc.import.list.queryOptions({ orgSlug }));
  return (
    <HydrateClient>
      <PageHeader title="Imports" description="Bring customers, orders and events in from CSV files: your shop system's exports or your own spreadsheets." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="New import" description="Importing a file twice is safe: rows already in Aftercart are skipped." />
          <ImportWizard orgSlug={org.slug} formats={formats} orgTimeZone={org.timeZone} maxBytes={MAX_UPLOAD_BYTES} />
        </Card>
        <Card>
          <CardHeader title="Past imports" />
          <Suspense>
            <ImportList orgSlug={org.slug} formats={formats} />
          </Suspense>
        </Card>
      </div>
    </HydrateClient>
  );
}
