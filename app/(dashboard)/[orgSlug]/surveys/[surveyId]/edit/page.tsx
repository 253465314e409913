import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SurveyEditor } from "@/components/surveys/survey-editor";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { api, orPage } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Edit survey" };

export default async function EditSurveyPage({ params }: { params: Promise<{ orgSlug: string; surveyId: string }> }) {
  const { orgSlug, surveyId } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  if (!can(org.role, "settings.manage")) notFound();
  const survey = await orPage(api.survey.get({ orgSlug, surveyId }));
  return (
    <>
      <PageHeader title={`Edit ${survey.name}`} description="Changes show on the public page at once; answers already given stay as they were." />
      <SurveyEditor
        orgSlug={org.slug}
        orgName={org.name}
        surveyId={survey.id}
        initial={{ kind: survey.kind, name: survey.name, question: survey.question, followUp: survey.followUp ?? "", reasons: survey.reasons.join("\n"), accentColor: survey.accentColor }}
      />
    </>
  );
}
