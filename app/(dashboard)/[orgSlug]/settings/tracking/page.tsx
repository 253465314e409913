import Link from "next/link";
import type { Metadata } from "next";
import { Suspense } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { CopyField } from "@/components/settings/copy-field";
import { TrackMappingsPanel } from "@/components/settings/track-mappings-panel";
import { env } from "@/lib/env";
import { SEGMENT_SPEC_EVENTS } from "@/lib/events/segment";
import { can } from "@/lib/permissions";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Tracking" };

const OTHER_CALLS: [string, string][] = [
  ["identify", "customer.identified (traits)"],
  ["page", "page.viewed"],
  ["alias", "links previousId to userId"],
  ["screen / group", "custom events segment.screen / segment.group"],
];

function Snippet({ title, code }: { title: string; code: string }) {
  return (
    <div className="min-w-0 space-y-1.5">
      <p className="text-sm font-medium">{title}</p>
      <pre className="overflow-x-auto rounded-lg border border-line bg-canvas px-3 py-2 font-mono text-xs leading-relaxed">{code}</pre>
    </div>
  );
}

export default async function TrackingSettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  await getQueryClient().prefetchQuery(trpc.trackMapping.list.queryOptions({ orgSlug }));
  const app = new URL(env.APP_URL);
  const endpoint = `${app.origin}/api/segment/v1`;
  const protocol = app.protocol.replace(":", "");
  return (
    <HydrateClient>
      <PageHeader title="Tracking" description="Send events from Segment, RudderStack or analytics.js by changing the host, and decide what your own event names mean." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Segment-compatible endpoint" description="Your existing calls stay as they are: only the host and the write key change." />
          <CardBody className="space-y-5">
            <CopyField label="Endpoint" value={endpoint} />
            <p className="text-sm text-muted">
              The write key is an Aftercart ingest key (it starts with <code className="font-mono">ac_pub_</code>).{" "}
              {can(org.role, "keys.manage") ? (
                <>
                  Create one on the{" "}
                  <Link href={`/${org.slug}/settings/api-keys`} className="font-medium text-brand-700 underline underline-offset-2">
                    API keys page
                  </Link>
                  .
                </>
              ) : (
                "Ask an admin of this organisation for one."
              )}
            </p>
            <div className="grid gap-4 xl:grid-cols-2">
              <Snippet title="@segment/analytics-node" code={`new Analytics({\n  writeKey: "ac_pub_…",\n  host: "${app.origin}",\n  path: "/api/segment/v1/batch",\n})`} />
              <Snippet
                title="analytics.js (@segment/analytics-next)"
                code={`AnalyticsBrowser.load({\n  writeKey: "ac_pub_…",\n  cdnSettings: { integrations: {\n    "Segment.io": {\n      apiKey: "ac_pub_…",\n      apiHost: "${app.host}/api/segment/v1",\n      protocol: "${protocol}",\n    },\n  } },\n})`}
              />
              <Snippet title="RudderStack (Node.js SDK)" code={`new Analytics("ac_pub_…", {\n  dataPlaneUrl: "${app.origin}/api/segment",\n})`} />
            </div>
          </CardBody>
        </Card>

        <Card>
          <CardHeader
            title="Event names"
            description="Map your own track names to the events Aftercart measures. Names without a mapping are kept as custom events named segment.<name>."
          />
          <Suspense>
            <TrackMappingsPanel orgSlug={org.slug} canManage={can(org.role, "settings.manage")} />
          </Suspense>
        </Card>

        <Card>
          <CardHeader title="Understood without a mapping" description="Segment's e-commerce spec and its other calls, translated for you." />
          <Table>
            <thead>
              <tr>
                <Th>Segment</Th>
                <Th>Aftercart</Th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(SEGMENT_SPEC_EVENTS).map(([name, type]) => (
                <tr key={name}>
                  <Td>{name}</Td>
                  <Td>
                    <code className="font-mono text-sm">{type}</code>
                  </Td>
                </tr>
              ))}
              {OTHER_CALLS.map(([call, meaning]) => (
                <tr key={call}>
                  <Td className="text-muted">{call} calls</Td>
                  <Td className="text-muted">{meaning}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      </div>
    </HydrateClient>
  );
}
