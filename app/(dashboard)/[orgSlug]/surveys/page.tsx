import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { SurveyList } from "@/components/surveys/survey-list";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Surveys" };

export default async function SurveysPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage(api.organization.get({ orgSlug }));
  await getQueryClient().prefetchQuery(trpc.survey.list.queryOptions({ orgSlug }));
  const canManage = can(org.role, "settings.manage");
  return (
    <HydrateClient>
      <PageHeader
        title="Surveys"
        description="Links that collect NPS, effort, satisfaction, exit reasons and passport feedback. Every answer feeds the dashboards at once."
        action={
          canManage && (
            <Link href={`/${org.slug}/surveys/new`} className={buttonClasses()}>
              New survey
            </Link>
          )
        }
      />
      <Suspense>
        <SurveyList orgSlug={org.slug} canManage={canManage} timeZone={org.timeZone} />
      </Suspense>
    </HydrateClient>
  );
}
