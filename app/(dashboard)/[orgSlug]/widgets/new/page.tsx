import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WidgetBuilder } from "@/components/widgets/widget-builder";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { api, orPage } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "New widget" };

export default async function NewWidgetPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  if (!can(org.role, "widgets.manage")) notFound();
  const catalog = (await api.metric.catalog({ orgSlug })).filter((m) => m.unit !== "table").map(({ key, name, unit, family }) => ({ key, name, unit, family }));
  return (
    <>
      <PageHeader title="New widget" description="Choose what it shows and what it is locked to; the preview is the widget as other sites will see it." />
      <WidgetBuilder
        orgSlug={org.slug}
        catalog={catalog}
        initial={{ name: "", metricKeys: ["revenue", "orders"], view: "kpi", range: "30d", interval: "day", theme: { mode: "light", accent: "#17734f" }, lockedSegment: null, viewerParams: [], signedOrigins: [] }}
      />
    </>
  );
}
