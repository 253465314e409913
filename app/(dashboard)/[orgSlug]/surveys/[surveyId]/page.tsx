import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { SurveyDetail } from "@/components/surveys/survey-detail";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/lib/env";
import { can } from "@/lib/permissions";
import { requestOrigin } from "@/lib/request-origin";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Survey" };

export default async function SurveyPage({ params }: { params: Promise<{ orgSlug: string; surveyId: string }> }) {
  const { orgSlug, surveyId } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  const survey = await orPage(api.survey.get({ orgSlug, surveyId }));
  getQueryClient().setQueryData(trpc.survey.get.queryKey({ orgSlug, surveyId }), survey);
  const origin = requestOrigin(await headers(), env.APP_URL);
  return (
    <HydrateClient>
      <PageHeader title={survey.name} description={survey.question} />
      <Suspense>
        <SurveyDetail
          orgSlug={org.slug}
          surveyId={survey.id}
          origin={origin}
          timeZone={org.timeZone}
          canManage={can(org.role, "settings.manage")}
          canExport={can(org.role, "data.export")}
        />
      </Suspense>
    </HydrateClient>
  );
}
