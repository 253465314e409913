import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SurveyEditor } from "@/components/surveys/survey-editor";
import { draftFor } from "@/lib/surveys/kinds";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { api, orPage } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "New survey" };

export default async function NewSurveyPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  if (!can(org.role, "settings.manage")) notFound();
  return (
    <>
      <PageHeader title="New survey" description="Pick what to ask; the preview shows the page respondents open on their phone." />
      <SurveyEditor orgSlug={org.slug} orgName={org.name} initial={draftFor("nps")} />
    </>
  );
}
